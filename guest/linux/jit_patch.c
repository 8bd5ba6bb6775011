/* A JIT in miniature: writes functions into an executable mapping, calls them until they are hot, patches them
 * (and the data beside them in the same page) and calls them again; every result must follow the newest code. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

typedef long (*function)(long);

/* addi a0, a0, imm (12-bit signed immediate) */
static uint32_t addi_a0(int imm) { return ((uint32_t)(imm & 0xfff) << 20) | (10u << 15) | (10u << 7) | 0x13u; }
static const uint32_t RET = 0x00008067u;                         /* jalr zero, 0(ra) */

static void emit_adder(uint32_t *code, int imm)
{
    code[0] = addi_a0(imm);
    code[1] = RET;
    __builtin___clear_cache((char *)code, (char *)(code + 2));  /* fence.i on RISC-V */
}

int main(void)
{
    uint32_t *page = mmap(0, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (page == MAP_FAILED) {
        perror("mmap");
        return 1;
    }
    function adder = (function)(void *)page;
    volatile long *beside = (volatile long *)(page + 64);        /* data in the code's page */

    long sum = 0;
    for (int version = 1; version <= 300; version++) {
        emit_adder(page, version);
        for (int call = 0; call < 200; call++) {                 /* hot enough to be translated each time */
            sum += adder(call);
            *beside += 1;
        }
    }
    printf("patched 300 times: sum %ld, beside %ld\n", sum, *beside);

    /* A function that patches itself through a pointer it is given, then is called again. */
    emit_adder(page + 8, 0);
    function second = (function)(void *)(page + 8);
    long total = 0;
    for (int i = 0; i < 1000; i++) {
        total += second(i);
        if (i % 100 == 99)
            emit_adder(page + 8, i / 100 + 1);
    }
    printf("second function: total %ld\n", total);

    if (mprotect(page, 4096, PROT_READ | PROT_EXEC) != 0) {
        perror("mprotect");
        return 1;
    }
    printf("after mprotect: %ld\n", adder(1000));
    return 0;
}
