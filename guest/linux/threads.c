/* POSIX threads: creation and join, mutexes, condition variables, barriers, semaphores, once, thread-local storage,
 * C11 atomics (AMOs and LR/SC loops) and signals sent to one thread. Every result is printed after the threads that
 * made it have been joined, so the output does not depend on how the threads interleave.
 * Arguments: "main-exits" (main ends with pthread_exit; the last thread's exit status is the process's),
 * "worker-exits" (a worker calls exit() while main waits in pthread_join), "counters" (only the counters: few
 * syscalls, for the lockstep difftest). */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "outcome.h"

#define WORKERS 4

static void *sum_range(void *arg)
{
    long n = (long)arg, sum = 0;
    for (long k = 0; k < 300000; k++)
        sum += k % (n + 3);
    return (void *)sum;
}

static pthread_mutex_t counter_lock = PTHREAD_MUTEX_INITIALIZER;
static long locked_counter;
static atomic_long amo_counter;
static atomic_long cas_counter;

static void *count_up(void *arg)
{
    (void)arg;
    for (int i = 0; i < 50000; i++) {
        pthread_mutex_lock(&counter_lock);
        locked_counter++;
        pthread_mutex_unlock(&counter_lock);
        atomic_fetch_add(&amo_counter, 2);
        long seen = atomic_load(&cas_counter);
        while (!atomic_compare_exchange_weak(&cas_counter, &seen, seen + 3))
            ;
        if (i % 10000 == 0)
            sched_yield();
    }
    return NULL;
}

/* A bounded buffer: one producer, two consumers. */
#define SLOTS 4
static int buffer[SLOTS], head, tail, filled;
static pthread_mutex_t buffer_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t not_full = PTHREAD_COND_INITIALIZER, not_empty = PTHREAD_COND_INITIALIZER;

static void *produce(void *arg)
{
    (void)arg;
    for (int value = 1; value <= 2001; value++) { /* 2001 is the end marker, one per consumer below */
        pthread_mutex_lock(&buffer_lock);
        while (filled == SLOTS)
            pthread_cond_wait(&not_full, &buffer_lock);
        buffer[tail] = value;
        tail = (tail + 1) % SLOTS;
        filled++;
        pthread_cond_signal(&not_empty);
        pthread_mutex_unlock(&buffer_lock);
    }
    return NULL;
}

struct consumed { long sum, count; };

static void *consume(void *arg)
{
    struct consumed *result = arg;
    while (1) {
        pthread_mutex_lock(&buffer_lock);
        while (filled == 0)
            pthread_cond_wait(&not_empty, &buffer_lock);
        int value = buffer[head];
        if (value > 2000) { /* leave the marker for the other consumer */
            pthread_cond_broadcast(&not_empty);
            pthread_mutex_unlock(&buffer_lock);
            return NULL;
        }
        head = (head + 1) % SLOTS;
        filled--;
        pthread_cond_signal(&not_full);
        pthread_mutex_unlock(&buffer_lock);
        result->sum += value;
        result->count++;
    }
}

#define ROUNDS 6
static pthread_barrier_t barrier;
static int round_marks[WORKERS];
static atomic_int barrier_errors;

static void *march(void *arg)
{
    long me = (long)arg;
    for (int round = 1; round <= ROUNDS; round++) {
        round_marks[me] = round;
        pthread_barrier_wait(&barrier);
        for (int other = 0; other < WORKERS; other++)
            if (round_marks[other] != round)
                atomic_fetch_add(&barrier_errors, 1);
        pthread_barrier_wait(&barrier);
    }
    return NULL;
}

static __thread long per_thread = 7;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static atomic_int once_runs;
static void run_once(void) { atomic_fetch_add(&once_runs, 1); }

static void *own_copy(void *arg)
{
    long me = (long)arg;
    pthread_once(&once, run_once);
    long initial = per_thread;
    per_thread = me * 100;
    for (int i = 0; i < 3; i++)
        sched_yield();
    return (void *)(initial == 7 && per_thread == me * 100 ? 1L : 0L);
}

static sem_t ping, pong;
static int volleys;

static void *return_volleys(void *arg)
{
    (void)arg;
    for (int i = 0; i < 500; i++) {
        sem_wait(&ping);
        volleys++;
        sem_post(&pong);
    }
    return NULL;
}

static volatile sig_atomic_t handled_in_target;
static pid_t target_tid;
static void on_usr1(int signal) { (void)signal; handled_in_target = gettid() == target_tid; }
static sem_t target_ready;

static void *wait_for_signal(void *arg)
{
    (void)arg;
    target_tid = gettid();
    sigset_t usr1;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    pthread_sigmask(SIG_UNBLOCK, &usr1, NULL);
    sem_post(&target_ready);
    while (!handled_in_target)
        sched_yield();
    return (void *)(long)(gettid() != getpid());
}

static void *timed_wait(void *arg)
{
    (void)arg;
    pthread_mutex_t mutex = PTHREAD_MUTEX_INITIALIZER;
    pthread_cond_t never = PTHREAD_COND_INITIALIZER;
    struct timespec deadline;
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_nsec += 20 * 1000 * 1000;
    if (deadline.tv_nsec >= 1000000000) { deadline.tv_sec++; deadline.tv_nsec -= 1000000000; }
    pthread_mutex_lock(&mutex);
    int result = pthread_cond_timedwait(&never, &mutex, &deadline);
    pthread_mutex_unlock(&mutex);
    return (void *)(long)result;
}

/* A thread's name is its own (prctl PR_SET_NAME underneath); a new thread starts with its creator's. */
static void *name_self(void *arg)
{
    static char result[64];
    char inherited[16], own[16];
    pthread_getname_np(pthread_self(), inherited, sizeof inherited);
    pthread_setname_np(pthread_self(), (const char *)arg);
    pthread_getname_np(pthread_self(), own, sizeof own);
    snprintf(result, sizeof result, "started as %s, now %s", inherited, own);
    return result;
}

static void *finish_after_main(void *arg)
{
    (void)arg;
    usleep(20000);
    printf("worker: still running after main's pthread_exit\n");
    fflush(stdout);
    return NULL; /* the last thread: the process exits with 0 */
}

static void *exit_process(void *arg)
{
    (void)arg;
    printf("worker: exit(7)\n");
    exit(7);
}

int main(int argc, char **argv)
{
    pthread_t threads[WORKERS];
    if (argc > 1 && strcmp(argv[1], "main-exits") == 0) {
        pthread_create(&threads[0], NULL, finish_after_main, NULL);
        printf("main: pthread_exit\n");
        fflush(stdout);
        pthread_exit(NULL);
    }
    if (argc > 1 && strcmp(argv[1], "worker-exits") == 0) {
        pthread_create(&threads[0], NULL, exit_process, NULL);
        pthread_join(threads[0], NULL);
        printf("main: not reached\n");
        return 1;
    }

    for (int i = 0; i < WORKERS; i++)
        pthread_create(&threads[i], NULL, count_up, NULL);
    for (int i = 0; i < WORKERS; i++)
        pthread_join(threads[i], NULL);
    printf("counters: mutex %ld, amoadd %ld, lr/sc %ld\n", locked_counter, (long)amo_counter, (long)cas_counter);
    if (argc > 1 && strcmp(argv[1], "counters") == 0)
        return 0;

    for (long i = 0; i < WORKERS; i++)
        pthread_create(&threads[i], NULL, sum_range, (void *)i);
    for (int i = 0; i < WORKERS; i++) {
        void *sum;
        pthread_join(threads[i], &sum);
        printf("sum_range(%d) = %ld\n", i, (long)sum);
    }

    struct consumed first = { 0, 0 }, second = { 0, 0 };
    pthread_create(&threads[0], NULL, produce, NULL);
    pthread_create(&threads[1], NULL, consume, &first);
    pthread_create(&threads[2], NULL, consume, &second);
    for (int i = 0; i < 3; i++)
        pthread_join(threads[i], NULL);
    printf("consumed: %ld values, sum %ld\n", first.count + second.count, first.sum + second.sum);

    pthread_barrier_init(&barrier, NULL, WORKERS);
    for (long i = 0; i < WORKERS; i++)
        pthread_create(&threads[i], NULL, march, (void *)i);
    for (int i = 0; i < WORKERS; i++)
        pthread_join(threads[i], NULL);
    printf("barrier: %d rounds, %d errors\n", ROUNDS, (int)barrier_errors);

    long own = 0;
    for (long i = 0; i < WORKERS; i++)
        pthread_create(&threads[i], NULL, own_copy, (void *)(i + 1));
    for (int i = 0; i < WORKERS; i++) {
        void *ok;
        pthread_join(threads[i], &ok);
        own += (long)ok;
    }
    printf("thread-local: %ld of %d threads saw their own copy, main's still %ld; once ran %d time(s)\n",
           own, WORKERS, per_thread, (int)once_runs);

    sem_init(&ping, 0, 0);
    sem_init(&pong, 0, 0);
    pthread_create(&threads[0], NULL, return_volleys, NULL);
    for (int i = 0; i < 500; i++) {
        sem_post(&ping);
        sem_wait(&pong);
    }
    pthread_join(threads[0], NULL);
    printf("semaphores: %d volleys\n", volleys);

    sigset_t usr1;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    pthread_sigmask(SIG_BLOCK, &usr1, NULL); /* only the target may take it */
    signal(SIGUSR1, on_usr1);
    sem_init(&target_ready, 0, 0);
    pthread_create(&threads[0], NULL, wait_for_signal, NULL);
    sem_wait(&target_ready);
    printf("pthread_kill: %s\n", outcome(pthread_kill(threads[0], SIGUSR1)));
    void *distinct;
    pthread_join(threads[0], &distinct);
    printf("handled in the target thread: %d, its tid differs from the pid: %ld; main's tid is the pid: %d\n",
           (int)handled_in_target, (long)distinct, gettid() == getpid());

    pthread_create(&threads[0], NULL, timed_wait, NULL);
    void *timed;
    pthread_join(threads[0], &timed);
    printf("pthread_cond_timedwait in a thread: %s\n", strerrorname_np((int)(long)timed));

    pthread_attr_t detached;
    pthread_attr_init(&detached);
    pthread_attr_setdetachstate(&detached, PTHREAD_CREATE_DETACHED);
    printf("detached create: %d\n", pthread_create(&threads[0], &detached, sum_range, (void *)1));
    printf("join self: %s\n", strerrorname_np(pthread_join(pthread_self(), NULL)));

    pthread_setname_np(pthread_self(), "main-thread");
    pthread_create(&threads[0], NULL, name_self, "worker");
    void *named;
    pthread_join(threads[0], &named);
    char main_name[16];
    pthread_getname_np(pthread_self(), main_name, sizeof main_name);
    printf("thread names: worker %s; main still %s; a long name: %s\n", (char *)named, main_name,
           strerrorname_np(pthread_setname_np(pthread_self(), "a-much-too-long-name")));
    return 0;
}
