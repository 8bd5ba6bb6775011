/* qsort and bsearch over integers, strings and structures. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct person { char name[16]; int age; };

static int by_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static int by_string(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int by_age_then_name(const void *a, const void *b)
{
    const struct person *p = a, *q = b;
    if (p->age != q->age) return p->age - q->age;
    return strcmp(p->name, q->name);
}

int main(void)
{
    enum { N = 5000 };
    static int numbers[N];
    unsigned seed = 12345;
    for (int i = 0; i < N; i++) {
        seed = seed * 1103515245 + 12345;
        numbers[i] = (int)(seed >> 8) % 100000 - 50000;
    }
    qsort(numbers, N, sizeof numbers[0], by_int);
    int sorted = 1;
    long sum = 0;
    for (int i = 1; i < N; i++) sorted &= numbers[i - 1] <= numbers[i];
    for (int i = 0; i < N; i++) sum += numbers[i];
    printf("sorted=%d min=%d max=%d median=%d sum=%ld\n", sorted, numbers[0], numbers[N - 1], numbers[N / 2], sum);
    int found = 0;
    for (int key = -50000; key < 50000; key += 97)
        found += bsearch(&key, numbers, N, sizeof numbers[0], by_int) != NULL;
    printf("bsearch found %d keys\n", found);
    const char *words[] = { "pear", "apple", "fig", "banana", "cherry", "date", "elderberry", "grape" };
    size_t count = sizeof words / sizeof words[0];
    qsort(words, count, sizeof words[0], by_string);
    for (size_t i = 0; i < count; i++) printf("%s%s", words[i], i + 1 < count ? " " : "\n");
    const char *key = "date";
    const char **hit = bsearch(&key, words, count, sizeof words[0], by_string);
    printf("date at index %td\n", hit ? hit - words : -1);
    struct person people[] = { { "Eve", 31 }, { "Bob", 25 }, { "Alice", 31 }, { "Dan", 19 }, { "Carol", 25 } };
    qsort(people, 5, sizeof people[0], by_age_then_name);
    for (int i = 0; i < 5; i++) printf("%s:%d ", people[i].name, people[i].age);
    printf("\n");
    return 0;
}
