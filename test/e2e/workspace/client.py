# A Gearman client: submits a job to the "reverse" function.
import gearman

client = gearman.GearmanClient(["localhost:4730"])
result = client.submit_job("reverse", "hello")
print(result.result)
