package stepfunctions

// MotoRunsNoJob is why a run of the state machine proves nothing on moto:
// by default moto leaves an execution RUNNING forever; in its
// execute_state_machine mode the Glue tasks it runs are fake (GetJobRun
// says SUCCEEDED at once, nothing ran) and its crawler never leaves
// RUNNING.
const MotoRunsNoJob = "moto runs no Glue job (a job run is SUCCEEDED at once and writes nothing) and never finishes a crawl, and it leaves a Step Functions execution RUNNING"

// KumoNoGlueTasks is why kumo cannot run it: kumo's executor runs Lambda,
// S3, SQS and nested-execution tasks only, and kumo has no Glue crawler
// API.
const KumoNoGlueTasks = "kumo has no Glue crawler API (Unknown operation: CreateCrawler), and its Step Functions executor runs no Glue task"
