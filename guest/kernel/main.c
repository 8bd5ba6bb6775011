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
    uint64_t satp = csr_read(satp);
    kcheck(satp == (SATP_MODE_SV39 | kernel_va_to_pa(kernel_root) >> PAGE_SHIFT),
           "satp: Sv39 with the kernel's own root table");
    /* The boot identity mapping is gone: physical RAM addresses fault. */
    uint64_t value;
    last_fault.count = 0;
    kcheck(probe_load_u64(VIRT_RAM_BASE, &value) == -EFAULT && last_fault.cause == CAUSE_LOAD_PAGE_FAULT,
           "boot identity mapping removed");
    for (unsigned i = 0; i < KBUF_SIZE; i++)
        kbuf[i] = KBUF_BYTE(i);
    process_create(&processes[0], "alpha", alpha_image, (size_t)(alpha_image_end - alpha_image));
    process_create(&processes[1], "beta", beta_image, (size_t)(beta_image_end - beta_image));
    kernel_self_tests();
    scheduler_start();
}
