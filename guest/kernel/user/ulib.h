/* User-side library: syscall stubs (ucrt.S), console helpers, checks. */
#ifndef KERNEL_USER_ULIB_H
#define KERNEL_USER_ULIB_H

#include "uapi.h"

typedef unsigned long size_t;
typedef unsigned long uintptr_t;

long sys_write(const void *buf, size_t len);
long sys_read_kbuf(void *buf, size_t offset, size_t len);
long sys_fill(void *buf, int byte, size_t len);
long sys_setname(const char *name);
long sys_getname(char *buf, size_t len);
long sys_yield(void);
long sys_arm_timer(unsigned long delay);
__attribute__((noreturn)) void sys_exit(long code);

size_t ustrlen(const char *s);
void uputs(const char *s);                   /* no newline added */
/* Prints "ok <prefix>: what" or "FAIL <prefix>: what"; counts failures. */
int ucheck(int ok, const char *what);
void uset_prefix(const char *prefix);
long ufailures(void);

/* Checks shared by both programs. */
long run_common_checks(void);
/* Arms the timer and spins in U, without system calls, until the kernel's
 * tick count (USER_TICKS_VA) moves: only the interrupt can end the loop. */
void wait_for_timer_interrupt(void);

#endif
