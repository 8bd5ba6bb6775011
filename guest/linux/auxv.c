/* The initial stack as the kernel built it: argc/argv/envp layout, alignment and the auxiliary vector. */
#include <elf.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>
#include <unistd.h>

extern char **environ;

int main(int argc, char **argv)
{
    /* argv and envp are consecutive arrays on the stack, separated by one NULL. */
    printf("envp follows argv: %d\n", environ == argv + argc + 1);
    printf("argv[0] ends with /auxv: %d\n", strlen(argv[0]) >= 5 && strcmp(argv[0] + strlen(argv[0]) - 5, "/auxv") == 0);
    char **e = environ;
    while (*e) e++;
    Elf64_auxv_t *aux = (Elf64_auxv_t *)(e + 1);
    /* argc sits just below argv at the initial sp, which is 16-byte aligned. */
    printf("initial sp 16-byte aligned: %d\n", ((uintptr_t)(argv - 1) & 15) == 0);
    int tags = 0, last_is_null = 0;
    for (Elf64_auxv_t *a = aux; ; a++) {
        tags++;
        if (a->a_type == AT_NULL) { last_is_null = 1; break; }
    }
    printf("auxv has entries: %d, ends with AT_NULL: %d\n", tags > 10, last_is_null);
    printf("AT_PAGESZ=%lu AT_CLKTCK=%lu AT_PHENT=%lu AT_SECURE=%lu AT_BASE=%lu\n", getauxval(AT_PAGESZ),
           getauxval(AT_CLKTCK), getauxval(AT_PHENT), getauxval(AT_SECURE), getauxval(AT_BASE));
    unsigned long hwcap = getauxval(AT_HWCAP);
    printf("AT_HWCAP letters:");
    for (int bit = 0; bit < 26; bit++)
        if (hwcap & (1UL << bit)) printf(" %c", 'A' + bit);
    printf("\n");
    Elf64_Phdr *phdr = (Elf64_Phdr *)getauxval(AT_PHDR);
    unsigned long count = getauxval(AT_PHNUM);
    int loads = 0;
    for (unsigned long i = 0; i < count; i++) loads += phdr[i].p_type == PT_LOAD;
    printf("AT_PHDR table readable: PT_LOAD segments=%d\n", loads);
    Elf64_Ehdr *header = (Elf64_Ehdr *)((uintptr_t)phdr - sizeof(Elf64_Ehdr));
    printf("AT_ENTRY is the ELF entry: %d\n", getauxval(AT_ENTRY) == header->e_entry);
    printf("AT_UID==getuid: %d AT_EGID==getegid: %d\n", getauxval(AT_UID) == (unsigned long)getuid(),
           getauxval(AT_EGID) == (unsigned long)getegid());
    const unsigned char *random = (const unsigned char *)getauxval(AT_RANDOM);
    int nonzero = 0;
    for (int i = 0; i < 16; i++) nonzero |= random[i];
    printf("AT_RANDOM 16 bytes readable, some non-zero: %d\n", nonzero != 0);
    const char *execfn = (const char *)getauxval(AT_EXECFN);
    printf("AT_EXECFN equals argv[0]: %d\n", execfn && strcmp(execfn, argv[0]) == 0);
    return 0;
}
