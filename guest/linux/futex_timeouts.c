/* Single-threaded synchronisation: uncontended mutexes and semaphores, and timed waits that nobody can end
 * early, which must time out no sooner than asked (futex waits with relative and absolute timeouts). */
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static double now(clockid_t clock)
{
    struct timespec t;
    clock_gettime(clock, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

int main(void)
{
    pthread_mutex_t mutex = PTHREAD_MUTEX_INITIALIZER;
    printf("lock: %d trylock while held: %s unlock: %d\n", pthread_mutex_lock(&mutex),
           strerror(pthread_mutex_trylock(&mutex)), pthread_mutex_unlock(&mutex));

    sem_t semaphore;
    sem_init(&semaphore, 0, 1);
    printf("sem_wait: %d trywait on zero: %d %s\n", sem_wait(&semaphore), sem_trywait(&semaphore), strerror(errno));
    struct timespec deadline;
    double start = now(CLOCK_REALTIME); /* before the deadline's base, so that a delay between them cannot shorten the wait measured */
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_nsec += 30 * 1000 * 1000;
    if (deadline.tv_nsec >= 1000000000) { deadline.tv_sec++; deadline.tv_nsec -= 1000000000; }
    int result = sem_timedwait(&semaphore, &deadline);
    printf("sem_timedwait: %d %s, waited at least 30 ms: %d\n", result, strerror(errno), now(CLOCK_REALTIME) - start >= 0.029);
    printf("sem_post then sem_wait: %d %d\n", sem_post(&semaphore), sem_wait(&semaphore));

    pthread_cond_t condition = PTHREAD_COND_INITIALIZER;
    pthread_condattr_t attributes;
    pthread_condattr_init(&attributes);
    pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC);
    pthread_cond_init(&condition, &attributes);
    pthread_mutex_lock(&mutex);
    clock_gettime(CLOCK_MONOTONIC, &deadline);
    start = now(CLOCK_MONOTONIC);
    deadline.tv_nsec += 20 * 1000 * 1000;
    if (deadline.tv_nsec >= 1000000000) { deadline.tv_sec++; deadline.tv_nsec -= 1000000000; }
    result = pthread_cond_timedwait(&condition, &mutex, &deadline);
    printf("pthread_cond_timedwait: %s, waited at least 20 ms: %d\n", strerror(result), now(CLOCK_MONOTONIC) - start >= 0.019);
    pthread_mutex_unlock(&mutex);
    return 0;
}
