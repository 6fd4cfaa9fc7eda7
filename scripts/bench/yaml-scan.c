/* The baseline of issue 5's targets 1 and 2: a bare libyaml event scan of every file named on the
 * command line (or every *.yaml / *.yml file directly inside a directory), nothing built from the
 * events. Prints the number of events so the work cannot be optimized away.
 *   cc -O2 -o yaml-scan yaml-scan.c $(pkg-config --cflags --libs yaml-0.1) */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <yaml.h>

static long scan(const char *path) {
    FILE *file = fopen(path, "rb");
    if (!file) { perror(path); exit(1); }
    yaml_parser_t parser;
    yaml_event_t event;
    long events = 0;
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_file(&parser, file);
    for (;;) {
        if (!yaml_parser_parse(&parser, &event)) {
            fprintf(stderr, "%s: %s\n", path, parser.problem ? parser.problem : "parse error");
            exit(1);
        }
        int done = event.type == YAML_STREAM_END_EVENT;
        yaml_event_delete(&event);
        events++;
        if (done) break;
    }
    yaml_parser_delete(&parser);
    fclose(file);
    return events;
}

static int is_yaml(const char *name) {
    size_t n = strlen(name);
    return name[0] != '.' && ((n > 5 && !strcmp(name + n - 5, ".yaml")) || (n > 4 && !strcmp(name + n - 4, ".yml")));
}

int main(int argc, char **argv) {
    long events = 0;
    for (int i = 1; i < argc; i++) {
        struct stat info;
        if (stat(argv[i], &info) != 0) { perror(argv[i]); return 1; }
        if (!S_ISDIR(info.st_mode)) { events += scan(argv[i]); continue; }
        struct dirent **entries;
        int count = scandir(argv[i], &entries, NULL, alphasort);
        for (int e = 0; e < count; e++) {
            if (is_yaml(entries[e]->d_name)) {
                char path[4096];
                snprintf(path, sizeof path, "%s/%s", argv[i], entries[e]->d_name);
                events += scan(path);
            }
            free(entries[e]);
        }
        free(entries);
    }
    printf("%ld events\n", events);
    return 0;
}
