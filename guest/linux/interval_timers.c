/* Interval timers and waiting for signals: setitimer/getitimer (ITIMER_REAL, ITIMER_VIRTUAL), alarm, a periodic
 * timer, pause and sigsuspend woken by SIGALRM, and sleeping cut short by a signal. With the argument "default",
 * SIGALRM's default action ends the process. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t alarms, ticks;
static volatile int blocked_in_handler;

static void on_alarm(int signal)
{
    (void)signal;
    alarms++;
    sigset_t now;
    sigprocmask(SIG_BLOCK, NULL, &now);
    blocked_in_handler = sigismember(&now, SIGUSR1);
}

static void on_tick(int signal)
{
    (void)signal;
    ticks++;
}

static void arm(int which, long value_us, long interval_us)
{
    struct itimerval timer = {
        .it_interval = { interval_us / 1000000, interval_us % 1000000 },
        .it_value = { value_us / 1000000, value_us % 1000000 },
    };
    if (setitimer(which, &timer, NULL) != 0)
        perror("setitimer");
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    if (argc > 1 && strcmp(argv[1], "default") == 0)
    {
        arm(ITIMER_REAL, 10000, 0);
        for (;;)
            ;
    }

    signal(SIGALRM, on_alarm);
    arm(ITIMER_REAL, 20000, 0);
    struct itimerval current;
    getitimer(ITIMER_REAL, &current);
    printf("armed: left within 20 ms %d, interval %ld\n",
           current.it_value.tv_sec == 0 && current.it_value.tv_usec > 0 && current.it_value.tv_usec <= 20000,
           current.it_interval.tv_usec);
    while (alarms == 0)
        ;
    getitimer(ITIMER_REAL, &current);
    printf("one-shot: alarms %d, disarmed %d\n", alarms, current.it_value.tv_sec == 0 && current.it_value.tv_usec == 0);

    printf("alarm(5) returns %u, alarm(0) then returns %u\n", alarm(5), alarm(0) > 0);
    printf("bad which: %d %s\n", setitimer(7, &current, NULL), strerror(errno));
    struct itimerval bad = { .it_value = { 0, 1000000 } };
    printf("bad usec: %d %s\n", setitimer(ITIMER_REAL, &bad, NULL), strerror(errno));

    /* A periodic virtual timer. */
    signal(SIGVTALRM, on_tick);
    arm(ITIMER_VIRTUAL, 5000, 5000);
    while (ticks < 3)
        ;
    arm(ITIMER_VIRTUAL, 0, 0);
    printf("periodic: at least 3 ticks %d\n", ticks >= 3);

    /* pause() returns -1 EINTR once the handler ran. */
    alarms = 0;
    arm(ITIMER_REAL, 10000, 0);
    int paused = pause();
    printf("pause: %d %s, alarms %d\n", paused, strerror(errno), alarms);

    /* nanosleep cut short by the timer's signal: EINTR, and most of the second left. */
    alarms = 0;
    arm(ITIMER_REAL, 10000, 0);
    struct timespec request = { 1, 0 }, left = { 0, 0 };
    errno = 0;
    int slept = nanosleep(&request, &left);
    printf("nanosleep: %d %s, alarms %d, over half a second left %d\n", slept, strerror(errno), alarms,
           left.tv_sec == 0 && left.tv_nsec > 500000000);

    /* sigsuspend: SIGALRM blocked outside, let through (with SIGUSR1 blocked) while suspended; the mask comes back. */
    sigset_t block, suspend_mask, after;
    sigemptyset(&block);
    sigaddset(&block, SIGALRM);
    sigprocmask(SIG_BLOCK, &block, NULL);
    alarms = 0;
    arm(ITIMER_REAL, 10000, 0);
    sigemptyset(&suspend_mask);
    sigaddset(&suspend_mask, SIGUSR1);
    errno = 0;
    int suspended = sigsuspend(&suspend_mask);
    sigprocmask(SIG_BLOCK, NULL, &after);
    printf("sigsuspend: %d %s, alarms %d, SIGUSR1 blocked in handler %d, SIGALRM blocked after %d\n", suspended,
           strerror(errno), alarms, blocked_in_handler, sigismember(&after, SIGALRM));
    sigprocmask(SIG_UNBLOCK, &block, NULL);
    return 0;
}
