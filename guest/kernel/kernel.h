/* The teaching kernel's shared definitions: memory layout, processes, traps. */
#ifndef KERNEL_KERNEL_H
#define KERNEL_KERNEL_H

#include "riscv_priv.h"
#include "uapi.h"

/* Virtual layout. The kernel image is linked at KERNEL_VIRT_BASE and loaded at
 * VIRT_RAM_BASE; all of RAM is also mapped at DIRECT_MAP_BASE. Both sit in the
 * upper half of Sv39, whose root entries every process shares. */
#define KERNEL_VIRT_BASE    0xffffffff80000000ul
#define KERNEL_IMAGE_OFFSET (KERNEL_VIRT_BASE - VIRT_RAM_BASE)
#define DIRECT_MAP_BASE     0xffffffc000000000ul
#define DIRECT_MAP_SIZE     (128ul << 20)      /* QEMU virt's default RAM */
#define USER_VA_END         (1ul << (SV39_VA_BITS - 1))   /* lower half */
#define KERNEL_HALF_FIRST_ROOT_INDEX (SV39_ENTRIES / 2)

/* Legacy-SBI-style calls the M-mode stub serves (a7 = function). */
#define SBI_SET_TIMER       0   /* a0 = absolute time of the next timer interrupt */
#define SBI_CONSOLE_PUTCHAR 1
#define SBI_SHUTDOWN        8
#define TIMER_NEVER         (~0ul)

#ifndef __ASSEMBLER__
#include <stddef.h>
#include <stdint.h>

typedef uint64_t pte_t;

static inline uint64_t kernel_va_to_pa(const void *va)
{
    return (uint64_t)(uintptr_t)va - KERNEL_IMAGE_OFFSET;
}

static inline void *pa_to_direct(uint64_t pa)
{
    return (void *)(uintptr_t)(pa - VIRT_RAM_BASE + DIRECT_MAP_BASE);
}

/* vm.c */
void vm_init(void);
pte_t *vm_new_root(void);                 /* kernel half shared, user half empty */
void *vm_alloc_page(void);                /* zeroed; a kernel-image VA */
void vm_map_user_page(pte_t *root, uint64_t va, void *page, uint64_t perms);
pte_t *vm_walk(pte_t *root, uint64_t va); /* leaf PTE or NULL */
void vm_switch(pte_t *root);              /* writes satp, sfence.vma */
extern pte_t *kernel_root;
extern pte_t *current_root;               /* the root satp points at */

/* Registers saved on a trap: x[1..31] and sepc. */
struct ktrap_frame {
    uint64_t x[32];
    uint64_t sepc;
};
#endif /* __ASSEMBLER__ */

/* Trap-frame layout, shared with entry.S. */
#define REG_RA 1
#define REG_SP 2
#define REG_A0 10
#define REG_A1 11
#define REG_A2 12
#define REG_A7 17
#define FRAME_SEPC_OFFSET (32 * 8)
#define FRAME_SIZE        (33 * 8)
#define KERNEL_FRAME_SIZE (34 * 8)   /* keeps sp 16-byte aligned */

#ifndef __ASSEMBLER__

/* entry.S */
void s_trap_entry(void);
__attribute__((noreturn)) void user_return(struct ktrap_frame *frame);

/* Processes: scheduling happens only at yield and exit. */
struct process {
    const char *label;
    pte_t *root;
    struct ktrap_frame frame;
    int exited;
    long exit_code;
    uint64_t timer_ticks;       /* timer interrupts taken while it ran */
    char name[PROC_NAME_SIZE];
};
#define PROCESS_COUNT 2
extern struct process processes[PROCESS_COUNT];
extern struct process *current;
void process_create(struct process *p, const char *label, const uint8_t *image, size_t image_size);
__attribute__((noreturn)) void scheduler_start(void);
struct ktrap_frame *scheduler_yield(void);
struct ktrap_frame *scheduler_exit(long code);
void syscall_dispatch(struct ktrap_frame *frame);

/* Faults the kernel expects: a fault at a pc inside [start, end) resumes at
 * fixup (an __ex_table entry). The handler records what it saw. */
struct exception_table_entry {
    uint64_t start, end, fixup;
};
struct expected_fault {
    uint64_t count, cause, tval;
};
extern volatile struct expected_fault last_fault;
/* kprobe.S: loads/stores/jumps at any address that may fault; they return
 * -EFAULT if so. SUM is left as the caller set it. */
long probe_load_u64(uint64_t va, uint64_t *value);
long probe_store_u64(uint64_t va, uint64_t value);
long probe_execute(uint64_t va);          /* jumps to va; fault -> -EFAULT */
extern volatile int execute_probe_armed;

/* Self-checks. */
int kcheck(int ok, const char *what);
extern unsigned kernel_failures;
void kernel_self_tests(void);
__attribute__((noreturn)) void kernel_finish(void);

/* Console and exit through the M-mode stub. */
__attribute__((noreturn)) void sbi_shutdown(int code);
/* The next supervisor timer interrupt at absolute time `when` (rdtime);
 * also clears a pending one. */
void sbi_set_timer(uint64_t when);
uint64_t read_time(void);

/* Pattern buffer served by SYS_READ_KBUF. */
extern uint8_t kbuf[KBUF_SIZE];

#endif /* __ASSEMBLER__ */

#endif
