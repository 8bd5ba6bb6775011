/* A hot loop calls, with jal, a function that sits alone in the next page, so a translator may compile the two into
 * one unit. The callee is then rewritten in place (a new immediate), then replaced by a fresh page mapped at its
 * address (another frame, the same virtual page) holding yet another immediate, and finally loses execute
 * permission, so the next call faults (SIGSEGV at the callee's first instruction). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

extern long caller(long count);
extern char callee[];

/* caller(n): calls callee n times; callee adds its immediate (1) to a1, which caller returns. Uncompressed. */
__asm__("    .pushsection .text.cross_page, \"ax\", @progbits\n"
        "    .balign 4096\n"
        "    .option push\n"
        "    .option norvc\n"
        "    .globl caller, callee\n"
        "caller:\n"
        "    addi sp, sp, -16\n"
        "    sd ra, 8(sp)\n"
        "    mv a2, a0\n"
        "    li a1, 0\n"
        "1:  jal ra, callee\n"
        "    addi a2, a2, -1\n"
        "    bnez a2, 1b\n"
        "    mv a0, a1\n"
        "    ld ra, 8(sp)\n"
        "    addi sp, sp, 16\n"
        "    ret\n"
        "    .balign 4096\n"
        "callee:\n"
        "    addi a1, a1, 1\n"
        "    ret\n"
        "    .balign 4096\n"
        "    .option pop\n"
        "    .popsection\n");

/* Sets the immediate of the callee's addi (bits 31:20) in the word at code. */
static void set_immediate(char *code, uint32_t immediate)
{
    uint32_t word;
    memcpy(&word, code, sizeof word);
    word = (word & 0xFFFFF) | (immediate << 20);
    memcpy(code, &word, sizeof word);
}

int main(void)
{
    char *page = callee;
    printf("callee at page offset 0x%lx\n", (unsigned long)((uintptr_t)callee & 4095));
    printf("round 1: %ld\n", caller(100000));

    if (mprotect(page, 4096, PROT_READ | PROT_WRITE | PROT_EXEC) != 0) {
        perror("mprotect");
        return 1;
    }
    set_immediate(page, 3);
    __builtin___clear_cache(page, page + 8);
    printf("round 2: %ld\n", caller(100000));

    static char saved[4096];
    memcpy(saved, page, sizeof saved);
    set_immediate(saved, 5);
    if (mmap(page, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) != page) {
        perror("mmap");
        return 2;
    }
    memcpy(page, saved, sizeof saved);
    __builtin___clear_cache(page, page + 8);
    printf("round 3: %ld\n", caller(100000));

    fflush(stdout);
    if (mprotect(page, 4096, PROT_READ) != 0) {
        perror("mprotect");
        return 3;
    }
    printf("round 4: %ld\n", caller(10)); /* not reached */
    return 0;
}
