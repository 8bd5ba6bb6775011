/* An instruction that straddles a page end, in a hot loop: its lower half is the last two bytes of one page and its
 * upper half the first two of the next. The loop runs, the upper half is rewritten (a new immediate), the loop runs
 * again, and then the next page loses execute permission, so fetching the upper half faults (SIGSEGV at the
 * straddling instruction, for the address of the next page). */
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>

extern long straddle(long count);
extern char straddler[];

/* straddle(n): adds the straddler's immediate (1) n times. Uncompressed, and placed so that the straddler
 * starts 2 bytes before a page end. */
__asm__("    .pushsection .text.straddle, \"ax\", @progbits\n"
        "    .balign 4096\n"
        "    .skip 4096 - 10\n"
        "    .option push\n"
        "    .option norvc\n"
        "    .globl straddle, straddler\n"
        "straddle:\n"
        "    li a1, 0\n"
        "1:  addi a0, a0, -1\n"
        "straddler:\n"
        "    addi a1, a1, 1\n"
        "    bnez a0, 1b\n"
        "    mv a0, a1\n"
        "    ret\n"
        "    .option pop\n"
        "    .popsection\n");

int main(void)
{
    uintptr_t first_page = (uintptr_t)straddler & ~(uintptr_t)4095;
    printf("straddler at page offset 0x%lx\n", (unsigned long)((uintptr_t)straddler & 4095));
    printf("round 1: %ld\n", straddle(100000));

    if (mprotect((void *)first_page, 8192, PROT_READ | PROT_WRITE | PROT_EXEC) != 0) {
        perror("mprotect");
        return 1;
    }
    /* addi's immediate is bits 31:20, the upper half's bits 15:4: make it 3. */
    volatile uint16_t *upper = (volatile uint16_t *)(straddler + 2);
    *upper = (uint16_t)((*upper & 0xF) | (3 << 4));
    __builtin___clear_cache(straddler, straddler + 4);
    printf("round 2: %ld\n", straddle(100000));

    fflush(stdout);
    if (mprotect((void *)(first_page + 4096), 4096, PROT_READ) != 0) {
        perror("mprotect");
        return 2;
    }
    printf("round 3: %ld\n", straddle(10)); /* not reached */
    return 0;
}
