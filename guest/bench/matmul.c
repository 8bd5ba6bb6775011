/* Matrix multiply: 32-bit integer and double, naive and transposed loops. */
#include <stdio.h>
#include "bench_util.h"

#ifndef ITERATIONS
#define ITERATIONS 18
#endif

#define N 96

static int32_t ia[N][N], ib[N][N], ic[N][N];
static double da[N][N], db[N][N], dc[N][N];

static void fill(uint64_t *seed)
{
    for (unsigned i = 0; i < N; i++)
        for (unsigned j = 0; j < N; j++) {
            ia[i][j] = (int32_t)(next_random(seed) % 201) - 100;
            ib[i][j] = (int32_t)(next_random(seed) % 201) - 100;
            da[i][j] = (double)ia[i][j] / 8.0;
            db[i][j] = (double)ib[i][j] / 16.0;
        }
}

static void multiply_int(void)
{
    for (unsigned i = 0; i < N; i++)
        for (unsigned j = 0; j < N; j++) {
            int32_t sum = 0;
            for (unsigned k = 0; k < N; k++)
                sum += ia[i][k] * ib[k][j];
            ic[i][j] = sum;
        }
}

/* i-k-j order: streams rows, the cache-friendly form. */
static void multiply_double(void)
{
    for (unsigned i = 0; i < N; i++) {
        for (unsigned j = 0; j < N; j++)
            dc[i][j] = 0.0;
        for (unsigned k = 0; k < N; k++) {
            double a = da[i][k];
            for (unsigned j = 0; j < N; j++)
                dc[i][j] += a * db[k][j];
        }
    }
}

int main(void)
{
    uint64_t seed = 42, checksum = 0;
    for (unsigned iteration = 0; iteration < ITERATIONS; iteration++) {
        fill(&seed);
        multiply_int();
        multiply_double();
        for (unsigned i = 0; i < N; i++)
            for (unsigned j = 0; j < N; j++) {
                checksum = mix_checksum(checksum, (uint32_t)ic[i][j]);
                /* Products of eighths and sixteenths sum exactly. */
                checksum = mix_checksum(checksum, (uint64_t)(int64_t)(dc[i][j] * 128.0));
            }
    }
    printf("matmul checksum %016llx\n", (unsigned long long)checksum);
    return 0;
}
