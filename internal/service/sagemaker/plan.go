package sagemaker

import (
	"maps"
	"slices"
	"strings"

	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/plan"
)

// Hyperparameters are the XGBoost settings of every run: a regression of
// the event's value on its other fields (reg:squarederror), 50 rounds of
// shallow trees, which a few thousand events train in seconds
// (https://docs.aws.amazon.com/sagemaker/latest/dg/xgboost_hyperparameters.html;
// num_round is the one required parameter).
var Hyperparameters = map[string]string{
	"objective":   "reg:squarederror",
	"num_round":   "50",
	"max_depth":   "3",
	"eta":         "0.3",
	"eval_metric": "rmse",
}

// Columns are the CSV columns cmd/train writes, label first and no header
// row, as XGBoost's CSV input requires
// (https://docs.aws.amazon.com/sagemaker/latest/dg/xgboost.html#InputOutput-XGBoost).
const Columns = "value,seq,hour,weekday,kind"

// Planner plans the execution role and the training-job resource of the
// spec's sagemaker section. Deploy starts no training job: the generated
// cmd/train does, over the data the route has written by then; the
// training-job resource records what each run uses, and destroy stops and
// deletes the project's runs.
type Planner struct{}

// Service implements plan.Planner.
func (Planner) Service() string { return "sagemaker" }

// Resources implements plan.Planner.
func (Planner) Resources(b *plan.Builder) error {
	s := b.Spec()
	m := s.SageMaker
	if m == nil {
		return nil
	}
	img, err := XGBoostImage(s.Region, m.XGBoostVersion)
	if err != nil {
		return err
	}
	b.Add(&plan.Resource{ID: plan.IDRoleSageMaker, Kind: plan.KindRole, Name: m.Role})
	j := b.Add(&plan.Resource{ID: plan.IDTrainingJob, Kind: plan.KindTrainingJob, Name: m.JobPrefix, Integration: "s3-to-sagemaker", Settings: map[string]string{
		"image": img.URI(), "instanceType": m.InstanceType, "instanceCount": plan.ItoA(m.InstanceCount),
		"volumeSizeGiB": plan.ItoA(m.VolumeSizeGiB), "maxRuntimeSeconds": plan.ItoA(m.MaxRuntimeSeconds),
		"sourcePrefix": m.SourcePrefix, "trainPrefix": m.TrainPrefix, "outputPrefix": m.OutputPrefix,
		"hyperparameters": FormatHyperparameters(Hyperparameters), "columns": Columns,
	}})
	b.Ref(j, "roleArn", plan.IDRoleSageMaker, "arn")
	b.Ref(j, "bucket", plan.IDBucket, "name")
	return nil
}

// Wire implements plan.Wirer: a training job reads its channel from S3
// itself; the training-job resource is the hop.
func (Planner) Wire(b *plan.Builder, in *catalog.Integration) (bool, error) {
	return in.To == "sagemaker" && b.Resource(plan.IDTrainingJob) != nil, nil
}

var _ plan.RoleOwner = Planner{}

// Roles implements plan.RoleOwner: the execution role.
func (Planner) Roles(b *plan.Builder) error {
	s := b.Spec()
	if s.SageMaker == nil {
		return nil
	}
	img, err := XGBoostImage(s.Region, s.SageMaker.XGBoostVersion)
	if err != nil {
		return err
	}
	return b.SetRole(plan.IDRoleSageMaker)(ExecutionRole(b.IAMEnv(), RoleInputFor(s, img)))
}

// FormatHyperparameters writes h as sorted k=v pairs joined by commas.
func FormatHyperparameters(h map[string]string) string {
	var out []string
	for _, k := range slices.Sorted(maps.Keys(h)) {
		out = append(out, k+"="+h[k])
	}
	return strings.Join(out, ",")
}

// ParseHyperparameters reads what FormatHyperparameters writes.
func ParseHyperparameters(s string) map[string]string {
	out := map[string]string{}
	for _, kv := range strings.Split(s, ",") {
		if k, v, ok := strings.Cut(kv, "="); ok {
			out[k] = v
		}
	}
	return out
}
