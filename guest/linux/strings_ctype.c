/* string.h and ctype.h: copying, searching, comparing, tokenising and classifying characters. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int main(void)
{
    char buffer[128];
    strcpy(buffer, "The quick brown fox");
    strcat(buffer, " jumps over the lazy dog");
    printf("len=%zu strchr=%s strrchr=%s strstr=%s\n", strlen(buffer), strchr(buffer, 'q'), strrchr(buffer, 'o'),
           strstr(buffer, "lazy"));
    printf("strcmp=%d %d %d strncmp=%d strcasecmp=%d\n", strcmp("abc", "abd") < 0, strcmp("b", "a") > 0,
           strcmp("same", "same"), strncmp("prefix-one", "prefix-two", 7), strcasecmp("HeLLo", "hello"));
    printf("strspn=%zu strcspn=%zu strpbrk=%s\n", strspn("aabbcx", "abc"), strcspn("hello, world", ",!"),
           strpbrk("find the vowel", "aeiou"));
    char tokens[] = "alpha,beta;;gamma , delta";
    for (char *save, *t = strtok_r(tokens, ",; ", &save); t; t = strtok_r(NULL, ",; ", &save))
        printf("token <%s>\n", t);
    char memory[32];
    memset(memory, 'x', sizeof memory);
    memcpy(memory, "0123456789", 10);
    memmove(memory + 2, memory, 10);
    memory[12] = 0;
    printf("memmove=%s memcmp=%d memchr=%s\n", memory, memcmp("abc", "abd", 3) < 0, (char *)memchr(memory, '5', 12));
    char *copy = strdup("duplicate me");
    printf("strdup=%s strndup=%s\n", copy, strndup("truncated here", 9));
    free(copy);
    int counts[6] = { 0 };
    for (int c = 0; c < 128; c++) {
        counts[0] += isalpha(c) != 0;
        counts[1] += isdigit(c) != 0;
        counts[2] += isspace(c) != 0;
        counts[3] += ispunct(c) != 0;
        counts[4] += isupper(c) != 0;
        counts[5] += isxdigit(c) != 0;
    }
    printf("alpha=%d digit=%d space=%d punct=%d upper=%d xdigit=%d\n", counts[0], counts[1], counts[2], counts[3],
           counts[4], counts[5]);
    for (char *p = buffer; *p; p++)
        *p = (p - buffer) % 2 ? toupper((unsigned char)*p) : tolower((unsigned char)*p);
    printf("mixed=%s\n", buffer);
    printf("strtol=%ld %ld %ld strtoul=%lu atoi=%d\n", strtol("-12345", NULL, 10), strtol("ff", NULL, 16),
           strtol("0755", NULL, 0), strtoul("4294967295", NULL, 10), atoi("  42abc"));
    return 0;
}
