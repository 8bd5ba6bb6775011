/* A wait that a signal interrupts: the handler runs before the interrupted call returns (EINTR), as on Linux; here a
 * futex wait (sem_wait) that an interval timer ends. */
#include <errno.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
static volatile sig_atomic_t ran;
static void on_alarm(int s) { (void)s; ran = 1; }
int main(void) {
    struct sigaction a; memset(&a, 0, sizeof a); a.sa_handler = on_alarm; sigaction(SIGALRM, &a, 0);
    struct itimerval t = { {0, 0}, {0, 20000} }; setitimer(ITIMER_REAL, &t, 0);
    sem_t s; sem_init(&s, 0, 0);
    int r = sem_wait(&s); int e = errno; int seen = ran;
    printf("sem_wait %d %s, handler ran before it returned: %d\n", r, strerror(e), seen);
    return 0; }
