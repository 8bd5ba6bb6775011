/* Threads in blocking calls: the other threads must go on running while one waits in read, write, poll, epoll_wait or
 * a sleep, and a signal sent to the waiting thread ends its wait with EINTR. Results are printed after the threads
 * that made them have been joined. */
#define _GNU_SOURCE
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>
#include "outcome.h"

static int channel[2];

static void *read_message(void *arg)
{
    static char message[64];
    (void)arg;
    ssize_t got = read(channel[0], message, sizeof message - 1);
    message[got < 0 ? 0 : got] = 0;
    return message;
}

#define BULK (256 * 1024) /* more than a pipe holds, so the writer blocks until the reader drains it */

static void *write_bulk(void *arg)
{
    char *data = malloc(BULK);
    for (int i = 0; i < BULK; i++)
        data[i] = (char)(i * 7);
    long written = 0;
    while (written < BULK) {
        ssize_t n = write(channel[1], data + written, BULK - written);
        if (n <= 0)
            break;
        written += n;
    }
    free(data);
    (void)arg;
    return (void *)written;
}

static void *poll_for_input(void *arg)
{
    struct pollfd entry = { .fd = channel[0], .events = POLLIN };
    int ready = poll(&entry, 1, (int)(long)arg);
    return (void *)(long)(ready * 10 + ((entry.revents & POLLIN) != 0));
}

static atomic_long progress;
static atomic_int sleeper_done;

static void *sleep_while_others_run(void *arg)
{
    (void)arg;
    long before = atomic_load(&progress);
    usleep(50 * 1000);
    long after = atomic_load(&progress);
    atomic_store(&sleeper_done, 1);
    return (void *)(long)(after > before);
}

static int events;

static void *wait_for_event(void *arg)
{
    (void)arg;
    int epoll = epoll_create1(0);
    struct epoll_event interest = { .events = EPOLLIN, .data.u64 = 42 }, got;
    epoll_ctl(epoll, EPOLL_CTL_ADD, events, &interest);
    int ready = epoll_wait(epoll, &got, 1, 5000);
    close(epoll);
    return (void *)(long)(ready == 1 && got.data.u64 == 42);
}

static volatile sig_atomic_t interrupted;
static void on_usr1(int signal) { (void)signal; interrupted = 1; }

static void *read_until_interrupted(void *arg)
{
    (void)arg;
    char byte;
    ssize_t got = read(channel[0], &byte, 1);
    static char result[64];
    snprintf(result, sizeof result, "%s", outcome(got));
    return result;
}

static void *take_with_sigwait(void *arg)
{
    (void)arg;
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR2);
    int taken = 0;
    sigwait(&set, &taken);
    return (void *)(long)taken;
}

static volatile sig_atomic_t suspended_handler_ran;
static void on_usr1_in_suspend(int signal) { (void)signal; suspended_handler_ran = 1; }

static void *suspend_until_signal(void *arg)
{
    (void)arg;
    sigset_t none;
    sigemptyset(&none);
    int result = sigsuspend(&none);
    static char text[64];
    snprintf(text, sizeof text, "%d %s, handler ran: %d", result, strerrorname_np(errno), (int)suspended_handler_ran);
    return text;
}

static void *pause_until_signal(void *arg)
{
    (void)arg;
    int result = pause();
    static char text[64];
    snprintf(text, sizeof text, "%d %s", result, strerrorname_np(errno));
    return text;
}

/* Runs `wait` in a new thread, sends that thread SIGUSR1 once it waits, and returns what `wait` returned. */
static void *interrupted_wait(void *(*wait)(void *))
{
    pthread_t thread;
    void *result;
    pthread_create(&thread, NULL, wait, NULL);
    usleep(20 * 1000); /* it waits by now, on Linux and in rvt */
    pthread_kill(thread, SIGUSR1);
    pthread_join(thread, &result);
    return result;
}

int main(void)
{
    pthread_t thread;
    void *result;
    pipe(channel);

    pthread_create(&thread, NULL, read_message, NULL);
    usleep(20 * 1000); /* the reader is blocked in read by now, on Linux and in rvt */
    write(channel[1], "hello through a pipe", 20);
    pthread_join(thread, &result);
    printf("reader thread got: %s\n", (char *)result);

    pthread_create(&thread, NULL, write_bulk, NULL);
    long total = 0, sum = 0;
    char buffer[4096];
    while (total < BULK) {
        ssize_t n = read(channel[0], buffer, sizeof buffer);
        if (n <= 0)
            break;
        for (ssize_t i = 0; i < n; i++)
            sum += (unsigned char)buffer[i];
        total += n;
    }
    pthread_join(thread, &result);
    printf("bulk: wrote %ld, read %ld, checksum %ld\n", (long)result, total, sum);

    pthread_create(&thread, NULL, poll_for_input, (void *)5000L);
    usleep(20 * 1000);
    write(channel[1], "x", 1);
    pthread_join(thread, &result);
    printf("poll in a thread, then input: ready*10 + POLLIN = %ld\n", (long)result);
    read(channel[0], buffer, 1);

    pthread_create(&thread, NULL, poll_for_input, (void *)30L);
    pthread_join(thread, &result);
    printf("poll in a thread, timing out: %ld\n", (long)result);

    pthread_create(&thread, NULL, sleep_while_others_run, NULL);
    while (!atomic_load(&sleeper_done))
        atomic_fetch_add(&progress, 1);
    pthread_join(thread, &result);
    printf("main ran while the other thread slept: %ld\n", (long)result);

    events = eventfd(0, 0);
    pthread_create(&thread, NULL, wait_for_event, NULL);
    usleep(20 * 1000);
    uint64_t one = 1;
    write(events, &one, sizeof one);
    pthread_join(thread, &result);
    printf("epoll_wait in a thread saw the event: %ld\n", (long)result);

    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_usr1; /* no SA_RESTART: the read fails with EINTR */
    sigaction(SIGUSR1, &action, NULL);
    result = interrupted_wait(read_until_interrupted);
    printf("read interrupted by a signal: %s, handler ran: %d\n", (char *)result, (int)interrupted);

    /* SIGUSR2 blocked everywhere: the process-directed signal goes to the thread waiting for it in sigwait. */
    sigset_t usr2;
    sigemptyset(&usr2);
    sigaddset(&usr2, SIGUSR2);
    pthread_sigmask(SIG_BLOCK, &usr2, NULL);
    pthread_create(&thread, NULL, take_with_sigwait, NULL);
    usleep(20 * 1000);
    kill(getpid(), SIGUSR2);
    pthread_join(thread, &result);
    printf("sigwait in a thread took signal %ld\n", (long)result);

    /* SIGUSR1 blocked in main (and so in the threads it creates): sigsuspend unblocks it for the wait. */
    sigset_t usr1;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    pthread_sigmask(SIG_BLOCK, &usr1, NULL);
    action.sa_handler = on_usr1_in_suspend;
    sigaction(SIGUSR1, &action, NULL);
    result = interrupted_wait(suspend_until_signal);
    printf("sigsuspend in a thread: %s\n", (char *)result);

    pthread_sigmask(SIG_UNBLOCK, &usr1, NULL);
    result = interrupted_wait(pause_until_signal);
    printf("pause in a thread: %s\n", (char *)result);
    return 0;
}
