/* What user programs and the kernel agree on: syscall numbers, error codes
 * and the user address-space layout. Included by kernel and user code. */
#ifndef KERNEL_UAPI_H
#define KERNEL_UAPI_H

/* Syscall numbers (a7); arguments in a0..a2, result in a0. */
#define SYS_WRITE       1   /* (buf, len): console write */
#define SYS_READ_KBUF   2   /* (buf, offset, len): kernel pattern buffer into user memory */
#define SYS_FILL        3   /* (buf, byte, len): fill user memory */
#define SYS_SETNAME     4   /* (string): copy the process name from user */
#define SYS_GETNAME     5   /* (buf, len): copy the process name to user */
#define SYS_YIELD       6
#define SYS_EXIT        7   /* (code) */
#define SYS_ARM_TIMER   8   /* (delay): one timer interrupt after delay timebase ticks */

/* Error returns (negated). */
#define EFAULT          14
#define EINVAL          22
#define ENAMETOOLONG    36
#define ENOSYS          38

/* The kernel pattern buffer that SYS_READ_KBUF copies from: byte i is
 * KBUF_BYTE(i). */
#define KBUF_SIZE       8192
#define KBUF_BYTE(i)    ((unsigned char)((i) * 7 + 3))
/* Process names hold at most PROC_NAME_SIZE - 1 characters. */
#define PROC_NAME_SIZE  16

/* User address space (the same layout in every process). */
#define USER_TEXT_BASE  0x10000ul   /* program text and rodata: R X */
#define USER_DATA_BASE  0x20000ul   /* program data and bss, then scratch: R W */
#define USER_PROGRAM_DATA_LIMIT 0x24000ul  /* program data/bss end below this */
#define USER_SCRATCH    USER_PROGRAM_DATA_LIMIT  /* kernel self-tests use this */
#define USER_DATA_END   0x38000ul
#define USER_MARKER_VA  (USER_DATA_END - 8)  /* per-process isolation marker */
#define USER_TICKS_VA   (USER_DATA_END - 16) /* the kernel stores its timer-tick count here */
#define USER_RO_BASE    0x40000ul   /* one read-only page (R, not W) */
#define USER_UNMAPPED   0x50000ul   /* never mapped */
#define USER_STACK_TOP  0x80000ul
#define USER_STACK_SIZE 0x2000ul
/* The read-only page holds this byte pattern. */
#define USER_RO_BYTE(i) ((unsigned char)((i) ^ 0x5a))

#endif
