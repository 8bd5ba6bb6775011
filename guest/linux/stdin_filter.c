/* Reads standard input to the end and reports lines, words and bytes, echoing lines that mention "rvt". */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

int main(void)
{
    char line[1024];
    long lines = 0, words = 0, bytes = 0;
    while (fgets(line, sizeof line, stdin)) {
        lines++;
        bytes += strlen(line);
        int in_word = 0;
        for (char *p = line; *p; p++) {
            if (isspace((unsigned char)*p)) in_word = 0;
            else if (!in_word) { in_word = 1; words++; }
        }
        if (strstr(line, "rvt"))
            printf("match: %s", line);
    }
    printf("lines=%ld words=%ld bytes=%ld eof=%d\n", lines, words, bytes, feof(stdin) != 0);
    return 0;
}
