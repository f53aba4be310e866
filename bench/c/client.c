/* libgearman side of the benchmark. Prints one JSON line.
 *
 *   client HOST PORT FUNCTION rtt N K SIZE MODE   N foreground jobs of SIZE bytes, K in flight
 *   client HOST PORT FUNCTION big SIZE            one foreground job of SIZE bytes
 *
 * MODE for rtt:
 *   do      gearman_client_do in a loop (K must be 1): the blocking call most programs use.
 *   refill  K tasks via gearman_client_add_task, then gearman_client_run_tasks; each
 *           complete callback adds the next task, so K stay in flight until N are done.
 *   batch   gearman_client_add_task K times, gearman_client_run_tasks, repeat.
 * A short warm-up (not timed) runs first. Peak RSS is getrusage(RUSAGE_SELF).ru_maxrss;
 * cpuSeconds is user + system time of the timed part only. */
#include <libgearman/gearman.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

static const char *fn;
static char *payload;
static size_t size;
static long submitted, completed, target;
static gearman_client_st *client; /* the callbacks add tasks to it */

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double cpu_seconds(void) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

static long max_rss_kib(void) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss;
}

static void die(gearman_client_st *c, const char *what) {
  fprintf(stderr, "client: %s: %s\n", what, gearman_client_error(c));
  exit(1);
}

static void add(gearman_client_st *c) {
  gearman_return_t rc;
  if (!gearman_client_add_task(c, NULL, NULL, fn, NULL, payload, size, &rc)) die(c, "add_task");
  submitted++;
}

static gearman_return_t on_complete(gearman_task_st *t) {
  if (gearman_task_data_size(t) != size) {
    fprintf(stderr, "client: echo came back with %zu bytes, sent %zu\n", gearman_task_data_size(t), size);
    exit(1);
  }
  completed++;
  if (submitted < target) add(client);
  return GEARMAN_SUCCESS;
}

static gearman_return_t on_fail(gearman_task_st *t) {
  (void)t;
  fprintf(stderr, "client: a job failed\n");
  exit(1);
}

static void one_do(gearman_client_st *c) {
  size_t out_size;
  gearman_return_t rc;
  void *out = gearman_client_do(c, fn, NULL, payload, size, &out_size, &rc);
  if (rc != GEARMAN_SUCCESS) die(c, "do");
  if (out_size != size) {
    fprintf(stderr, "client: echo came back with %zu bytes, sent %zu\n", out_size, size);
    exit(1);
  }
  free(out);
}

/* Runs n jobs with k in flight in the given mode. */
static void run(gearman_client_st *c, long n, long k, const char *mode) {
  if (strcmp(mode, "do") == 0) {
    for (long i = 0; i < n; i++) one_do(c);
    return;
  }
  submitted = completed = 0;
  target = n;
  if (strcmp(mode, "refill") == 0) {
    for (long i = 0; i < k && submitted < n; i++) add(c);
    if (gearman_client_run_tasks(c) != GEARMAN_SUCCESS) die(c, "run_tasks");
  } else {
    target = 0; /* callbacks add nothing */
    while (submitted < n) {
      for (long i = 0; i < k && submitted < n; i++) add(c);
      if (gearman_client_run_tasks(c) != GEARMAN_SUCCESS) die(c, "run_tasks");
    }
  }
  if (completed != n) {
    fprintf(stderr, "client: %ld of %ld jobs completed\n", completed, n);
    exit(1);
  }
}

int main(int argc, char **argv) {
  if (argc < 6) {
    fprintf(stderr, "usage: %s HOST PORT FUNCTION rtt N K SIZE MODE | big SIZE\n", argv[0]);
    return 2;
  }
  fn = argv[3];
  gearman_client_st *c = client = gearman_client_create(NULL);
  if (!c) return 1;
  if (gearman_client_add_server(c, argv[1], (in_port_t)atoi(argv[2])) != GEARMAN_SUCCESS) die(c, "add_server");
  /* Results are read in the callback; freeing each task when it ends keeps memory flat. */
  gearman_client_add_options(c, GEARMAN_CLIENT_FREE_TASKS);
  gearman_client_set_complete_fn(c, on_complete);
  gearman_client_set_fail_fn(c, on_fail);

  if (strcmp(argv[4], "big") == 0) {
    size = strtoul(argv[5], NULL, 10);
    payload = malloc(size);
    if (!payload) return 1;
    for (size_t i = 0; i < size; i++) payload[i] = (char)(i * 31);
    /* Timed from before the first request, which connects (bench/nodeClient.ts does the same). */
    double t0 = now(), c0 = cpu_seconds();
    one_do(c);
    double secs = now() - t0;
    printf("{\"side\":\"libgearman\",\"scenario\":\"big\",\"bytes\":%zu,\"seconds\":%.6f,\"cpuSeconds\":%.6f,\"maxRssKiB\":%ld}\n",
           size, secs, cpu_seconds() - c0, max_rss_kib());
    return 0;
  }
  if (argc != 9) {
    fprintf(stderr, "usage: %s HOST PORT FUNCTION rtt N K SIZE MODE\n", argv[0]);
    return 2;
  }
  long n = atol(argv[5]), k = atol(argv[6]);
  size = strtoul(argv[7], NULL, 10);
  const char *mode = argv[8];
  if (strcmp(mode, "do") == 0 && k != 1) {
    fprintf(stderr, "client: mode do runs one job at a time; use K=1\n");
    return 2;
  }
  payload = malloc(size ? size : 1);
  memset(payload, 'x', size);
  run(c, n / 5 < 3000 ? n / 5 : 3000, k, mode); /* warm-up, not timed (it connects), as in nodeClient.ts */
  double t0 = now(), c0 = cpu_seconds();
  run(c, n, k, mode);
  double secs = now() - t0;
  printf("{\"side\":\"libgearman\",\"scenario\":\"rtt\",\"mode\":\"%s\",\"jobs\":%ld,\"inFlight\":%ld,\"bytes\":%zu,\"seconds\":%.6f,\"jobsPerSec\":%.1f,\"cpuSeconds\":%.6f,\"maxRssKiB\":%ld}\n",
         mode, n, k, size, secs, n / secs, cpu_seconds() - c0, max_rss_kib());
  gearman_client_free(c);
  return 0;
}
