/* sigwaitinfo, sigtimedwait and sigwait: a blocked signal the program raised, an interval timer's signal, the lowest
   of several first, timeouts, a handled signal outside the set ending the wait, and the error cases. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "outcome.h"

static volatile int handled;
static void on_signal(int signal) { handled = signal; }

static void arm(long microseconds)
{
    struct itimerval timer = { { 0, 0 }, { 0, microseconds } };
    setitimer(ITIMER_REAL, &timer, NULL);
}

int main(void)
{
    sigset_t set, blocked;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigaddset(&set, SIGUSR2);
    sigaddset(&set, SIGALRM);
    sigprocmask(SIG_BLOCK, &set, NULL);

    raise(SIGUSR2);
    raise(SIGUSR1);
    siginfo_t info;
    memset(&info, 0, sizeof info);
    int got = sigwaitinfo(&set, &info);
    printf("first: %d (SIGUSR1 %d), code %d, from this process %d\n", got, SIGUSR1, info.si_code, info.si_pid == getpid());
    printf("second: %d (SIGUSR2 %d)\n", sigwaitinfo(&set, NULL), SIGUSR2);
    sigpending(&blocked);
    printf("nothing pending now: %d %d\n", sigismember(&blocked, SIGUSR1), sigismember(&blocked, SIGUSR2));

    struct timespec none = { 0, 0 }, short_wait = { 0, 20000000 };
    printf("zero timeout: %s\n", outcome(sigtimedwait(&set, &info, &none)));
    printf("20 ms timeout: %s\n", outcome(sigtimedwait(&set, &info, &short_wait)));

    arm(20000);
    memset(&info, 0, sizeof info);
    got = sigtimedwait(&set, &info, NULL);
    printf("timer: %d (SIGALRM %d), code %d\n", got, SIGALRM, info.si_code);

    int which = 0;
    raise(SIGUSR2);
    printf("sigwait: %d, signal %d\n", sigwait(&set, &which), which);

    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_signal;
    sigaction(SIGALRM, &action, NULL);
    sigset_t only_usr1;
    sigemptyset(&only_usr1);
    sigaddset(&only_usr1, SIGUSR1);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    sigprocmask(SIG_BLOCK, &only_usr1, NULL);
    arm(20000);
    printf("a handled signal outside the set: %s, handled %d\n", outcome(sigwaitinfo(&only_usr1, &info)), handled);

    struct timespec bad = { 0, 1000000000 };
    printf("bad nanoseconds: %s\n", outcome(sigtimedwait(&only_usr1, &info, &bad)));
    printf("bad set size: %s\n", outcome(syscall(SYS_rt_sigtimedwait, &only_usr1, &info, &none, 4)));
    printf("bad set pointer: %s\n", outcome(syscall(SYS_rt_sigtimedwait, (void *)8, &info, &none, 8)));
    return 0;
}
