// C++ threads: std::thread, std::async and futures, mutex and condition_variable, atomics, thread_local, and an
// exception carried from a thread through a future.
#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <future>
#include <mutex>
#include <numeric>
#include <queue>
#include <stdexcept>
#include <thread>
#include <vector>

thread_local int visits = 0;

int main()
{
    std::vector<long> partial(4);
    std::vector<std::thread> workers;
    for (int i = 0; i < 4; i++)
        workers.emplace_back([i, &partial] {
            long sum = 0;
            for (long k = i * 250000L; k < (i + 1) * 250000L; k++)
                sum += k % 7;
            partial[i] = sum;
        });
    for (auto &worker : workers)
        worker.join();
    std::printf("std::thread sums: %ld\n", std::accumulate(partial.begin(), partial.end(), 0L));

    std::vector<std::future<long>> futures;
    for (long n = 20; n < 24; n++)
        futures.push_back(std::async(std::launch::async, [n] {
            long a = 0, b = 1;
            for (long i = 0; i < n; i++) { long t = a + b; a = b; b = t; }
            return a;
        }));
    for (auto &f : futures)
        std::printf("fib from std::async: %ld\n", f.get());

    std::mutex lock;
    std::condition_variable changed;
    std::queue<int> jobs;
    bool closed = false;
    long consumed = 0;
    std::thread consumer([&] {
        std::unique_lock<std::mutex> guard(lock);
        while (true) {
            changed.wait(guard, [&] { return closed || !jobs.empty(); });
            if (jobs.empty())
                return;
            consumed += jobs.front();
            jobs.pop();
        }
    });
    for (int i = 1; i <= 1000; i++) {
        std::lock_guard<std::mutex> guard(lock);
        jobs.push(i);
        changed.notify_one();
    }
    {
        std::lock_guard<std::mutex> guard(lock);
        closed = true;
    }
    changed.notify_all();
    consumer.join();
    std::printf("condition_variable queue: %ld\n", consumed);

    std::atomic<long> hits{0};
    std::vector<std::thread> counters;
    for (int i = 0; i < 3; i++)
        counters.emplace_back([&hits] {
            for (int k = 0; k < 100000; k++) {
                hits.fetch_add(1, std::memory_order_relaxed);
                visits++;
            }
            if (visits != 100000)
                std::printf("thread_local shared!\n");
        });
    for (auto &c : counters)
        c.join();
    std::printf("atomic hits: %ld, main's thread_local: %d\n", hits.load(), visits);

    auto failing = std::async(std::launch::async, []() -> int { throw std::runtime_error("thrown in a thread"); });
    try {
        failing.get();
    } catch (const std::exception &e) {
        std::printf("caught from the future: %s\n", e.what());
    }
    std::printf("hardware_concurrency > 0: %d\n", std::thread::hardware_concurrency() > 0);
    return 0;
}
