package stepfunctions

// MotoRunsNoJob is why a run of the state machine proves nothing on moto:
// by default moto leaves an execution RUNNING forever; in its
// execute_state_machine mode the Glue tasks it runs are fake (GetJobRun
// says SUCCEEDED at once, nothing ran) and its crawler never leaves
// RUNNING.
const MotoRunsNoJob = "moto runs no Glue job (a job run is SUCCEEDED at once and writes nothing) and never finishes a crawl, and it leaves a Step Functions execution RUNNING"

// KumoNoGlueTasks is why kumo cannot deploy it, measured on kumo v0.33.1
// (2026-12-02): its Step Functions creates, describes (logging
// configuration read back), tags and deletes the state machine but has
// no UpdateStateMachine (InvalidAction), and its Glue has no crawler, no
// security configuration and no GetJob or ListJobs (Unknown operation);
// its executor runs Lambda, S3, SQS and nested-execution tasks only.
const KumoNoGlueTasks = "kumo has no Glue crawler API (Unknown operation: CreateCrawler), no CreateSecurityConfiguration and no GetJob, and its Step Functions has no UpdateStateMachine and runs no Glue task"
