/* Linked lists: build, walk, reverse, insert sorted and delete, on a node pool. */
#include <stdio.h>
#include "bench_util.h"

#ifndef ITERATIONS
#define ITERATIONS 900
#endif

#define NODE_COUNT 4096

struct node {
    struct node *next;
    uint64_t value;
};

static struct node pool[NODE_COUNT];

static struct node *build_list(uint64_t *seed, unsigned count)
{
    struct node *head = 0;
    for (unsigned i = 0; i < count; i++) {
        pool[i].value = next_random(seed) & 0xffff;
        pool[i].next = head;
        head = &pool[i];
    }
    return head;
}

static struct node *reverse(struct node *head)
{
    struct node *previous = 0;
    while (head) {
        struct node *next = head->next;
        head->next = previous;
        previous = head;
        head = next;
    }
    return previous;
}

static uint64_t walk(const struct node *head)
{
    uint64_t checksum = 0;
    for (; head; head = head->next)
        checksum = mix_checksum(checksum, head->value);
    return checksum;
}

/* Insertion into a sorted list: quadratic on purpose, pointer chasing. */
static struct node *insert_sorted(struct node *head, struct node *item)
{
    struct node **link = &head;
    while (*link && (*link)->value < item->value)
        link = &(*link)->next;
    item->next = *link;
    *link = item;
    return head;
}

static struct node *remove_odd(struct node *head, unsigned *removed)
{
    struct node **link = &head;
    while (*link) {
        if ((*link)->value & 1) {
            *link = (*link)->next;
            (*removed)++;
        } else {
            link = &(*link)->next;
        }
    }
    return head;
}

int main(void)
{
    uint64_t seed = 0x1234567887654321ull, checksum = 0;
    for (unsigned iteration = 0; iteration < ITERATIONS; iteration++) {
        struct node *list = build_list(&seed, NODE_COUNT);
        checksum = mix_checksum(checksum, walk(list));
        list = reverse(list);
        checksum = mix_checksum(checksum, walk(list));

        struct node *sorted = 0;
        for (unsigned i = 0; i < NODE_COUNT / 8; i++) {
            struct node *next = list->next;
            sorted = insert_sorted(sorted, list);
            list = next;
        }
        unsigned removed = 0;
        sorted = remove_odd(sorted, &removed);
        checksum = mix_checksum(checksum, walk(sorted) + removed);
    }
    printf("linked_list checksum %016llx\n", (unsigned long long)checksum);
    return 0;
}
