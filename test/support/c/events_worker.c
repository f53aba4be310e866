/* A libgearman worker for the tests: an implementation of the worker side that shares no
 * code with this project, so a mistake made the same way at both ends of the wire shows.
 * Each function sends a fixed sequence of packets, with the payload echoed into them:
 *   c_events     WORK_STATUS 1/3, WORK_DATA, WORK_WARNING, WORK_STATUS 2/3, WORK_DATA
 *                (with NUL and 0xFF bytes), WORK_WARNING, WORK_STATUS 3/3, WORK_COMPLETE
 *   c_exception  WORK_STATUS 1/2, WORK_DATA, WORK_EXCEPTION (libgearman then ends the job)
 *   c_fail       WORK_WARNING, then WORK_FAIL
 * Usage: events_worker HOST PORT [CLIENT_ID] */
#include <libgearman/gearman.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHECK(call) do { gearman_return_t rc_ = (call); if (rc_ != GEARMAN_SUCCESS) return rc_; } while (0)

/* Sends PREFIX followed by the job's payload with the given packet sender. */
static gearman_return_t send_with_payload(gearman_job_st *job, const char *prefix,
    gearman_return_t (*send)(gearman_job_st *, const void *, size_t)) {
  size_t plen = strlen(prefix), wlen = gearman_job_workload_size(job);
  char *buf = malloc(plen + wlen + 1);
  if (!buf) return GEARMAN_MEMORY_ALLOCATION_FAILURE;
  memcpy(buf, prefix, plen);
  if (wlen) memcpy(buf + plen, gearman_job_workload(job), wlen);
  gearman_return_t rc = send(job, buf, plen + wlen);
  free(buf);
  return rc;
}

static gearman_return_t events(gearman_job_st *job, void *context) {
  (void)context;
  static const char binary[] = { 'b', 'i', 'n', 0, (char)0xff, 'e', 'n', 'd' };
  CHECK(gearman_job_send_status(job, 1, 3));
  CHECK(send_with_payload(job, "data-1:", gearman_job_send_data));
  CHECK(gearman_job_send_warning(job, "warning-1", 9));
  CHECK(gearman_job_send_status(job, 2, 3));
  CHECK(gearman_job_send_data(job, binary, sizeof binary));
  CHECK(gearman_job_send_warning(job, "warning-2", 9));
  CHECK(gearman_job_send_status(job, 3, 3));
  CHECK(send_with_payload(job, "done:", gearman_job_send_complete));
  return GEARMAN_SUCCESS;
}

static gearman_return_t exception(gearman_job_st *job, void *context) {
  (void)context;
  CHECK(gearman_job_send_status(job, 1, 2));
  CHECK(gearman_job_send_data(job, "partial", 7));
  CHECK(send_with_payload(job, "exception from C:", gearman_job_send_exception));
  return GEARMAN_SUCCESS;
}

/* libgearman's gearman_worker_work() reports a job its function failed as an error of its
 * own (GEARMAN_UNKNOWN_STATE in 1.1.20): the loop below keeps working after such a job. */
static int failed_on_purpose = 0;

static gearman_return_t fail(gearman_job_st *job, void *context) {
  (void)context;
  CHECK(gearman_job_send_warning(job, "about to fail", 13));
  failed_on_purpose = 1;
  return GEARMAN_FAIL;
}

int main(int argc, char **argv) {
  if (argc != 3 && argc != 4) {
    fprintf(stderr, "usage: %s HOST PORT [CLIENT_ID]\n", argv[0]);
    return 2;
  }
  gearman_worker_st *w = gearman_worker_create(NULL);
  if (!w) return 1;
  if (gearman_worker_add_server(w, argv[1], (in_port_t)atoi(argv[2])) != GEARMAN_SUCCESS) {
    fprintf(stderr, "events_worker: %s\n", gearman_worker_error(w));
    return 1;
  }
  if (argc == 4 && gearman_worker_set_identifier(w, argv[3], strlen(argv[3])) != GEARMAN_SUCCESS) {
    fprintf(stderr, "events_worker: %s\n", gearman_worker_error(w));
    return 1;
  }
  struct { const char *name; gearman_function_fn *fn; } fns[] = {
    { "c_events", events }, { "c_exception", exception }, { "c_fail", fail },
  };
  for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++) {
    if (gearman_worker_define_function(w, fns[i].name, strlen(fns[i].name), gearman_function_create(fns[i].fn), 0, NULL) != GEARMAN_SUCCESS) {
      fprintf(stderr, "events_worker: %s\n", gearman_worker_error(w));
      return 1;
    }
  }
  /* libgearman sends CAN_DO on the first work call: callers wait for gearmand to list the worker. */
  for (;;) {
    gearman_return_t rc = gearman_worker_work(w);
    if (rc != GEARMAN_SUCCESS && failed_on_purpose) {
      failed_on_purpose = 0;
      continue;
    }
    if (rc != GEARMAN_SUCCESS) {
      fprintf(stderr, "events_worker: %s\n", gearman_worker_error(w));
      return 1;
    }
  }
}
