/* User programs for the paging test, copied onto a user page and run there.
 * a0 = the user data page: [0] a value, [16] a kernel address, [24] the
 * address of a user read-only page, [32] the address of kernel code. Each ends with the lower-mode exit call. */
#define LOWER_MODE_EXIT_CALL 2047

    .section .rodata
    .balign 4
    .globl user_program, user_program_end
    .globl user_entry_increment, user_entry_read_kernel, user_entry_write_read_only
    .globl user_entry_call_kernel
user_program:
user_entry_increment:           /* data[1] = data[0] + 1; return it */
    ld      t0, 0(a0)
    addi    t0, t0, 1
    sd      t0, 8(a0)
    mv      a0, t0
    li      a7, LOWER_MODE_EXIT_CALL
    ecall
user_entry_read_kernel:         /* load from a kernel page: faults */
    ld      t1, 16(a0)
    ld      a0, 0(t1)
    li      a7, LOWER_MODE_EXIT_CALL
    ecall
user_entry_write_read_only:     /* store to a read-only user page: faults */
    ld      t1, 24(a0)
    sd      t1, 0(t1)
    li      a7, LOWER_MODE_EXIT_CALL
    ecall
user_entry_call_kernel:         /* jump to kernel code: fetch faults, resumes at ra */
    ld      t1, 32(a0)
    jalr    ra, 0(t1)
    li      a7, LOWER_MODE_EXIT_CALL
    ecall
user_program_end:
