"""The Python worker process: python3 worker.py (python-gearman 2.x)."""
import json

import gearman

gm_worker = gearman.GearmanWorker(['127.0.0.1:4730'])
gm_worker.set_client_id('python-worker')


def to_upper(gearman_worker, gearman_job):
    return gearman_job.data.upper()


def thumbnail_pdf(gearman_worker, gearman_job):
    request = json.loads(gearman_job.data)
    # ... render the first page of request['file'] ...
    return json.dumps({'ok': True, 'file': request['file']})


gm_worker.register_task('to_upper', to_upper)
gm_worker.register_task('thumbnail_pdf', thumbnail_pdf)
gm_worker.work()
