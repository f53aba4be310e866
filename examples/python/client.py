"""Reporting jobs submitted from Python (python-gearman 2.x: pip install gearman)."""
import json

import gearman

gm_client = gearman.GearmanClient(['127.0.0.1:4730'])

# Foreground: wait for the result.
request = gm_client.submit_job('to_upper', 'hello from python')
print(request.result)

# worker.py registers thumbnail_pdf, but no worker for it is running: a warning.
gm_client.submit_job('thumbnail_pdf', json.dumps({'file': 'reports/march.pdf'}), background=True)

# A typo: no worker registers 'to_uper'; the quick fix offers 'to_upper'.
gm_client.submit_job('to_uper', 'shout this', priority=gearman.PRIORITY_HIGH)
