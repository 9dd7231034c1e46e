/*
 * cmd_analyze.c - `credence analyze`: quotes and speakers, sources,
 * entities, sentence classes, headline clickbait and document measures.
 *
 *   credence analyze [--json [--pretty]] [--no-title] [FILE|-]
 *
 * Prints a human summary or, with --json, the whole analysis
 * (docs/analysis.md).
 */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"

#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void help(void)
{
    printf("usage: credence analyze [OPTIONS] [FILE|-]\n"
           "\n"
           "Cleans an article, then finds what a fact-checker looks at first: direct and\n"
           "reported quotes with their speakers, named and anonymous sources, entities,\n"
           "the class of every sentence (quote, attributed, claim, opinion, hedge,\n"
           "other) with its evidence, headline clickbait signals and document measures.\n"
           "Reads standard input when FILE is - or absent.\n"
           "\n"
           "  --json            print the analysis as JSON (docs/analysis.md)\n"
           "  --pretty          indent the JSON\n"
           "  --no-title        the first line is not a title (no headline analysis)\n"
           "  --max-bytes SIZE  input limit (default 256M; suffixes K, M, G)\n"
           "  -h, --help        this help\n");
}

/* Prints at most `max` bytes of s (cut at a UTF-8 boundary, with "..."). */
static void put_clip(FILE *f, const char *p, size_t n, size_t max)
{
    bool cut = n > max;
    if (cut) {
        n = max;
        while (n > 0 && ((unsigned char)p[n] & 0xC0) == 0x80)
            n--;
    }
    for (size_t i = 0; i < n; i++)
        fputc(p[i] == '\n' ? ' ' : p[i], f);
    if (cut)
        fputs("...", f);
}

static void summary(FILE *f, const cred_doc *d, const cred_analysis *a)
{
    const cred_headline *H = &a->headline;
    if (H->present) {
        fputs("Headline: ", f);
        put_clip(f, d->text + H->span.start, H->span.end - H->span.start, 200);
        fprintf(f, "\n  clickbait %.2f%s", H->clickbait, H->is_clickbait ? " (clickbait)" : "");
        for (size_t i = 0; i < H->n_signals; i++) {
            fprintf(f, "%s %s \"", i ? "," : ":", H->signals[i].name);
            put_clip(f, d->text + H->signals[i].span.start,
                     H->signals[i].span.end - H->signals[i].span.start, 40);
            fputc('"', f);
        }
        fputc('\n', f);
    }
    size_t nd = 0;
    for (size_t i = 0; i < a->n_quotes; i++)
        nd += a->quotes[i].kind == CRED_QUOTE_DIRECT;
    fprintf(f, "Quotes: %zu direct, %zu indirect\n", nd, a->n_quotes - nd);
    for (size_t i = 0; i < a->n_quotes; i++) {
        const cred_quote *q = &a->quotes[i];
        fprintf(f, "  [%s] ", cred_quote_kind_name(q->kind));
        if (q->has_speaker) {
            put_clip(f, d->text + q->speaker.start, q->speaker.end - q->speaker.start, 40);
            if (q->source != CRED_NO_SOURCE &&
                strncmp(a->sources[q->source].name, d->text + q->speaker.start,
                        q->speaker.end - q->speaker.start) != 0)
                fprintf(f, " (%s)", a->sources[q->source].name);
            else if (q->unresolved)
                fputs(" (unresolved)", f);
        } else {
            fputs("(no speaker)", f);
        }
        fputs(": ", f);
        put_clip(f, d->text + q->content.start, q->content.end - q->content.start, 90);
        fputc('\n', f);
    }
    size_t named = 0;
    fputs("Sources:", f);
    for (size_t i = 0; i < a->n_sources; i++) {
        const cred_source *s = &a->sources[i];
        fprintf(f, "%s %s (%zu%s%s)", i ? "," : "", s->name, s->n_quotes,
                s->anonymous ? ", anonymous" : "", s->named || s->anonymous ? "" : ", unnamed");
        named += s->named;
    }
    fprintf(f, "%s\n", a->n_sources ? "" : " none");
    fprintf(f, "Anonymous sourcing: %zu", a->n_anonymous);
    for (size_t i = 0; i < a->n_anonymous && i < 8; i++) {
        fprintf(f, "%s \"", i ? "," : ":");
        put_clip(f, d->text + a->anonymous[i].span.start,
                 a->anonymous[i].span.end - a->anonymous[i].span.start, 40);
        fputc('"', f);
    }
    fputc('\n', f);
    fputs("Entities:", f);
    for (size_t i = 0; i < a->n_entities && i < 12; i++)
        fprintf(f, "%s %s (%s, %zu)", i ? "," : "", a->entities[i].name,
                cred_entity_type_name(a->entities[i].type), a->entities[i].count);
    if (a->n_entities > 12)
        fprintf(f, ", ... %zu more", a->n_entities - 12);
    fprintf(f, "%s\n", a->n_entities ? "" : " none");
    const cred_measures *M = &a->measures;
    fprintf(f, "Sentences: %zu body:", M->n_sentences);
    for (int c = 0; c < CRED_SENT__COUNT; c++)
        fprintf(f, " %s %.0f%%", cred_sentence_class_name((cred_sentence_class)c),
                100 * M->class_share[c]);
    fputc('\n', f);
    for (size_t i = 0; i < a->n_sentences; i++) {
        const cred_sentence_info *s = &a->sentences[i];
        if (s->cls != CRED_SENT_OPINION && s->cls != CRED_SENT_HEDGE)
            continue;
        fprintf(f, "  %s: ", cred_sentence_class_name(s->cls));
        put_clip(f, d->text + s->span.start, s->span.end - s->span.start, 70);
        size_t shown = 0;
        for (size_t e = 0; e < s->n_evidence && shown < 4; e++) {
            const cred_evidence *ev = &s->evidence[e];
            if (!strcmp(ev->kind, "named-actor") || !strcmp(ev->kind, "number") ||
                !strcmp(ev->kind, "date") || !strcmp(ev->kind, "event-verb"))
                continue;
            fprintf(f, "%s%s \"", shown++ ? ", " : " [", ev->kind);
            put_clip(f, d->text + ev->span.start, ev->span.end - ev->span.start, 30);
            fputc('"', f);
        }
        fputs(shown ? "]\n" : "\n", f);
    }
    fprintf(f,
            "Measures: %zu words, Flesch %.1f, quoted %.0f%%, attributed %.0f%%, %zu named "
            "sources, %zu anonymous, exclamations %.2f/sentence, caps %.3f/word, loaded %.3f/word\n",
            M->n_words, M->flesch, 100 * M->quoted_share, 100 * M->attributed_share,
            M->named_sources, M->anonymous_sources, M->exclamation_rate, M->caps_rate,
            M->loaded_rate);
    (void)named;
}

int cmd_analyze(const cli_global *g, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"json", no_argument, NULL, 'j'},      {"pretty", no_argument, NULL, 'p'},
        {"no-title", no_argument, NULL, 'T'},  {"max-bytes", required_argument, NULL, 'm'},
        {"help", no_argument, NULL, 'h'},      {NULL, 0, NULL, 0}};
    bool json = false, pretty = false;
    cred_clean_opts o;
    cred_clean_opts_init(&o);
    cred_analyze_opts ao;
    cred_analyze_opts_init(&ao);
    size_t limit = CRED_MAX_INPUT;
    int c;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        switch (c) {
        case 'j': json = true; break;
        case 'p': pretty = true; break;
        case 'T': o.no_title = 1; ao.no_headline = 1; break;
        case 'm':
            if (!cli_opt_max_bytes(g, optarg, &limit))
                return CLI_USAGE;
            break;
        case 'h': help(); return CLI_OK;
        default: return cli_bad_option(g, c, argv[optind - 1]);
        }
    }
    o.max_input = limit;
    cred_ctx *ctx;
    cred_doc *doc;
    const char *path;
    int rc = cli_clean_input(g, argc - optind, argv + optind, &o, &ctx, &doc, &path);
    if (rc)
        return rc;
    cred_analysis *an = NULL;
    cred_error err = {0};
    cred_status st = cred_analyze(ctx, doc, &ao, &an, &err);
    if (st) {
        cli_error(g, "%s: %s", path, err.msg);
        cred_doc_free(doc);
        cred_ctx_free(ctx);
        return cli_exit_for(st);
    }
    rc = CLI_OK;
    if (json) {
        char *s = NULL;
        st = cred_analysis_to_json(doc, an, pretty, &s, &err);
        if (st) {
            cli_error(g, "%s", err.msg);
            rc = cli_exit_for(st);
        } else if (!cli_write(g, s, strlen(s)) || !cli_write(g, "\n", 1)) {
            rc = CLI_INTERNAL;
        }
        free(s);
    } else {
        summary(stdout, doc, an);
    }
    if (fflush(stdout) != 0 && rc == CLI_OK) {
        cli_error(g, "write error");
        rc = CLI_INTERNAL;
    }
    cred_analysis_free(an);
    cred_doc_free(doc);
    cred_ctx_free(ctx);
    return rc;
}
