/*
 * stubs.c - placeholders for subcommands still being written.  Each is a
 * weak symbol: the real cmd_<name>.c defines the strong one and wins at link
 * time.  Remove an entry once its command exists.
 */
#include "cli.h"

#define STUB(name, cmd)                                                              \
    __attribute__((weak)) int cmd(const cli_global *g, int argc, char **argv)       \
    {                                                                                \
        (void)argc;                                                                  \
        (void)argv;                                                                  \
        cli_error(g, "'" name "' is not built yet in this version");                  \
        return CLI_USAGE;                                                            \
    }

STUB("analyze", cmd_analyze)
STUB("extract", cmd_extract)
STUB("train", cmd_train)
STUB("eval", cmd_eval)
STUB("predict", cmd_predict)
STUB("score", cmd_score)
STUB("sources", cmd_sources)
