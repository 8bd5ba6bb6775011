/* Process "alpha": syscalls and bad pointers, then the isolation handshake. */
#include "ulib.h"

#define ALPHA_MARKER 0xa1a1a1a1a1a1a1a1ul

long umain(void)
{
    uset_prefix("alpha");
    const char hello[] = "alpha: hello from user mode\n";
    ucheck(sys_write(hello, sizeof hello - 1) == (long)(sizeof hello - 1), "write returns its length");
    run_common_checks();
    wait_for_timer_interrupt();

    volatile unsigned long *marker = (volatile unsigned long *)USER_MARKER_VA;
    *marker = ALPHA_MARKER;
    sys_yield();
    ucheck(*marker == ALPHA_MARKER, "marker unchanged after beta wrote the same address");
    sys_yield();
    ucheck(*marker == ALPHA_MARKER, "marker unchanged after a second round");
    return ufailures();
}
