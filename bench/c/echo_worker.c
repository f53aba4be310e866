/* Echo worker for the benchmark: answers every job of FUNCTION with its own payload.
 * Uses libgearman's v2 function API and gearman_job_send_complete on the workload
 * buffer, so a big payload is not copied again before it is sent back.
 * Usage: echo_worker HOST PORT FUNCTION */
#include <libgearman/gearman.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static gearman_return_t echo(gearman_job_st *job, void *context) {
  (void)context;
  return gearman_job_send_complete(job, gearman_job_workload(job), gearman_job_workload_size(job));
}

int main(int argc, char **argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: %s HOST PORT FUNCTION\n", argv[0]);
    return 2;
  }
  gearman_worker_st *w = gearman_worker_create(NULL);
  if (!w) return 1;
  if (gearman_worker_add_server(w, argv[1], (in_port_t)atoi(argv[2])) != GEARMAN_SUCCESS) {
    fprintf(stderr, "echo_worker: %s\n", gearman_worker_error(w));
    return 1;
  }
  gearman_function_t fn = gearman_function_create(echo);
  if (gearman_worker_define_function(w, argv[3], strlen(argv[3]), fn, 0, NULL) != GEARMAN_SUCCESS) {
    fprintf(stderr, "echo_worker: %s\n", gearman_worker_error(w));
    return 1;
  }
  for (;;) {
    gearman_return_t rc = gearman_worker_work(w);
    if (rc != GEARMAN_SUCCESS) {
      fprintf(stderr, "echo_worker: %s\n", gearman_worker_error(w));
      return 1;
    }
  }
}
