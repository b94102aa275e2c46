package emr

import (
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/emrserverless"
	"github.com/aws/aws-sdk-go-v2/service/emrserverless/types"
)

// GlueMetastoreFactory makes Spark use the Glue Data Catalog as its
// metastore; AWS sets it in the job run's sparkSubmit parameters
// (https://docs.aws.amazon.com/emr/latest/EMR-Serverless-UserGuide/metastore-config.html).
const GlueMetastoreFactory = "com.amazonaws.glue.catalog.metastore.AWSGlueDataCatalogHiveClientFactory"

// JobRun is one run of the project's job, as cmd/job and verify start it:
// the same driver, sizes and log location (templates/emr/job.go.tmpl
// builds the same input).
type JobRun struct {
	ApplicationID, RoleARN string
	Layout                 Layout
	Hive                   bool
	// Input is the S3 URI the Spark job reads, or Table the Glue table
	// (database.table); DynamoDBTable the table the Hive job scans.
	Input, Table, DynamoDBTable string
	// Output is the S3 prefix (a key under Layout.Bucket, ending in /)
	// the run writes its Parquet under.
	Output         string
	TimeoutMinutes int64
	Name, Token    string
}

// Script is the key of the job's script.
func (r JobRun) Script() string {
	if r.Hive {
		return r.Layout.Scripts() + "job.hql"
	}
	return r.Layout.Scripts() + "job.py"
}

// sizes keep one run within the application's default maximum capacity:
// a driver and one executor of 1 vCPU and 2 GB (EMR Serverless's smallest
// worker; https://docs.aws.amazon.com/emr/latest/EMR-Serverless-UserGuide/app-behavior.html).
var (
	sparkSizes = []string{"spark.driver.cores=1", "spark.driver.memory=2g", "spark.executor.cores=1", "spark.executor.memory=2g",
		"spark.executor.instances=1", "spark.dynamicAllocation.enabled=false"}
	hiveSizes = []string{"hive.driver.cores=1", "hive.driver.memory=2g", "tez.am.resource.cpu.vcores=1", "tez.am.resource.memory.mb=2048",
		"tez.task.resource.cpu.vcores=1", "tez.task.resource.memory.mb=2048", "hive.tez.container.size=2048"}
)

// StartInput is the StartJobRun input of the run.
func (r JobRun) StartInput() *emrserverless.StartJobRunInput {
	in := &emrserverless.StartJobRunInput{
		ApplicationId: aws.String(r.ApplicationID), ExecutionRoleArn: aws.String(r.RoleARN),
		ClientToken: aws.String(r.Token), Name: aws.String(r.Name), ExecutionTimeoutMinutes: aws.Int64(r.TimeoutMinutes),
		ConfigurationOverrides: &types.ConfigurationOverrides{MonitoringConfiguration: &types.MonitoringConfiguration{
			S3MonitoringConfiguration: &types.S3MonitoringConfiguration{LogUri: aws.String(r.Layout.URI(r.Layout.Logs()))}}},
	}
	out := r.Layout.URI(r.Output)
	if r.Hive {
		params := []string{"--hiveconf hive.exec.scratchdir=" + r.Layout.URI(r.Layout.Hive()+"scratch"),
			"--hiveconf hive.metastore.warehouse.dir=" + r.Layout.URI(r.Layout.Hive()+"warehouse")}
		for _, s := range hiveSizes {
			params = append(params, "--hiveconf "+s)
		}
		params = append(params, "--hivevar ddb_table="+r.DynamoDBTable, "--hivevar output="+out)
		in.JobDriver = &types.JobDriverMemberHive{Value: types.Hive{Query: aws.String(r.Layout.URI(r.Script())), Parameters: aws.String(strings.Join(params, " "))}}
		return in
	}
	var conf []string
	for _, s := range sparkSizes {
		conf = append(conf, "--conf "+s)
	}
	args := []string{"--output", out}
	if r.Table != "" {
		conf = append(conf, "--conf spark.hadoop.hive.metastore.client.factory.class="+GlueMetastoreFactory)
		args = append(args, "--table", r.Table)
	} else {
		args = append(args, "--input", r.Input)
	}
	in.JobDriver = &types.JobDriverMemberSparkSubmit{Value: types.SparkSubmit{EntryPoint: aws.String(r.Layout.URI(r.Script())),
		EntryPointArguments: args, SparkSubmitParameters: aws.String(strings.Join(conf, " "))}}
	return in
}

// DriverLogs is where EMR Serverless writes a run's driver logs
// (stdout.gz, stderr.gz) under the run's log URI
// (https://docs.aws.amazon.com/emr/latest/EMR-Serverless-UserGuide/logging.html).
func (r JobRun) DriverLogs(runID string) string {
	driver := "SPARK_DRIVER"
	if r.Hive {
		driver = "HIVE_DRIVER"
	}
	return r.Layout.URI(r.Layout.Logs() + "applications/" + r.ApplicationID + "/jobs/" + runID + "/" + driver + "/")
}
