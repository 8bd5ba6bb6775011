/* Process "beta": the same checks from a different program image, then its
 * side of the isolation handshake. */
#include "ulib.h"

#define BETA_MARKER 0xb2b2b2b2b2b2b2b2ul

long umain(void)
{
    uset_prefix("beta");
    uputs("beta: hello from user mode\n");
    volatile unsigned long *marker = (volatile unsigned long *)USER_MARKER_VA;
    ucheck(*marker != 0xa1a1a1a1a1a1a1a1ul, "alpha's marker is not visible");
    *marker = BETA_MARKER;
    run_common_checks();
    wait_for_timer_interrupt();
    sys_yield();
    ucheck(*marker == BETA_MARKER, "marker unchanged after alpha ran");
    return ufailures();
}
