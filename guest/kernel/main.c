/* kmain: page tables, processes, self-tests, then the processes run. */
#include <stdio.h>
#include <string.h>
#include "kernel.h"
#include "usercopy.h"

extern const uint8_t alpha_image[], alpha_image_end[], beta_image[], beta_image_end[];

unsigned kernel_failures;
static unsigned kernel_checks;

int kcheck(int ok, const char *what)
{
    kernel_checks++;
    printf("%s %s\n", ok ? "ok" : "FAIL", what);
    if (!ok)
        kernel_failures++;
    return ok;
}

void kernel_finish(void)
{
    if (kernel_failures == 0) {
        printf("PASS: %u checks (%s)\n", kernel_checks, usercopy_approach);
        sbi_shutdown(0);
    }
    printf("FAILED: %u of %u checks (%s)\n", kernel_failures, kernel_checks, usercopy_approach);
    sbi_shutdown(1);
}

void kmain(void)
{
    printf("kernel: booted in S mode, user copies: %s\n", usercopy_approach);
    vm_init();
    kcheck(1, "Sv39 on with the kernel's own root table");
    for (unsigned i = 0; i < KBUF_SIZE; i++)
        kbuf[i] = KBUF_BYTE(i);
    process_create(&processes[0], "alpha", alpha_image, (size_t)(alpha_image_end - alpha_image));
    process_create(&processes[1], "beta", beta_image, (size_t)(beta_image_end - beta_image));
    kernel_self_tests();
    scheduler_start();
}
