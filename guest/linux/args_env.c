/* argv and the environment: prints every argument and the variables the test sets. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char **environ;

int main(int argc, char **argv)
{
    printf("argc=%d\n", argc);
    for (int i = 1; i < argc; i++)
        printf("argv[%d]=\"%s\" (%zu bytes)\n", i, argv[i], strlen(argv[i]));
    printf("argv[argc] is %s\n", argv[argc] == NULL ? "NULL" : "not NULL");
    const char *names[] = { "RVT_TEST_ONE", "RVT_TEST_TWO", "RVT_TEST_MISSING", "HOME", "LANG" };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        const char *value = getenv(names[i]);
        printf("%s=%s\n", names[i], value ? value : "(unset)");
    }
    int count = 0, ours = 0;
    for (char **e = environ; *e; e++, count++)
        if (strncmp(*e, "RVT_TEST_", 9) == 0)
            ours++;
    printf("environment has %s entries, %d of them RVT_TEST_*\n", count > 0 ? "some" : "no", ours);
    setenv("RVT_TEST_SET", "by setenv", 1);
    printf("after setenv: %s\n", getenv("RVT_TEST_SET"));
    return 0;
}
