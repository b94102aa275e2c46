package deploy

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"

	"github.com/wireup/wireup/internal/plan"
)

// Handler code uploaded behind wireup's back (the console, another tool)
// is drift: status names the function by its CodeSha256, and the next
// deploy uploads the project's handler again.
func TestEmulatorStatusSeesCodeChange(t *testing.T) {
	em := needEmulator(t)
	tp := em.newProject(t, []string{"sqs-to-lambda"})
	ctx := context.Background()
	if _, err := tp.engine.Apply(ctx, tp.plan); err != nil {
		t.Fatalf("deploy: %v", err)
	}
	fn := tp.plan.Resource(plan.IDFunction)
	st, err := LoadState(tp.engine.StatePath)
	if err != nil {
		t.Fatal(err)
	}
	deployed := st.Resources[plan.IDFunction].Outputs["codeSha256"]
	if deployed == "" {
		t.Skipf("%s returns no CodeSha256 from CreateFunction: code drift cannot be seen there", em.target)
	}
	edited := withExtraFile(t, tp.engine.Artifacts[plan.IDFunction])
	if _, err := em.clients.Lambda.UpdateFunctionCode(ctx, &lambda.UpdateFunctionCodeInput{FunctionName: aws.String(fn.Name), ZipFile: edited}); err != nil {
		t.Fatal(err)
	}
	if err := lambda.NewFunctionUpdatedV2Waiter(em.clients.Lambda).Wait(ctx, &lambda.GetFunctionInput{FunctionName: aws.String(fn.Name)}, tp.engine.MaxWait); err != nil {
		t.Fatal(err)
	}
	rep, err := tp.engine.Status(ctx, tp.plan)
	if err != nil {
		t.Fatal(err)
	}
	if d := rep.Drift(); len(d) != 1 || d[0].ID != plan.IDFunction || !strings.Contains(d[0].Detail, "code was changed outside wireup") {
		t.Errorf("drift = %+v, want the function's code changed", d)
	}
	res, err := tp.engine.Apply(ctx, tp.plan)
	if err != nil {
		t.Fatal(err)
	}
	if res.Counts.Updated != 1 {
		t.Errorf("deploy after the upload: %+v, want the function updated", res.Counts)
	}
	got, err := em.clients.Lambda.GetFunction(ctx, &lambda.GetFunctionInput{FunctionName: aws.String(fn.Name)})
	if err != nil {
		t.Fatal(err)
	}
	if sha := aws.ToString(got.Configuration.CodeSha256); sha != deployed {
		t.Errorf("CodeSha256 after converging = %s, want the project's %s", sha, deployed)
	}
	if rep, err = tp.engine.Status(ctx, tp.plan); err != nil || len(rep.Drift()) > 0 {
		t.Errorf("status after converging: %v %+v", err, rep.Drift())
	}
}

// withExtraFile returns the deployment package pkg with one more file: the
// same handler, other bytes.
func withExtraFile(t *testing.T, pkg []byte) []byte {
	t.Helper()
	r, err := zip.NewReader(bytes.NewReader(pkg), int64(len(pkg)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for _, f := range r.File {
		src, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		dst, err := w.CreateHeader(&f.FileHeader)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(dst, src); err != nil {
			t.Fatal(err)
		}
		src.Close()
	}
	extra, err := w.Create("edited-outside-wireup.txt")
	if err != nil {
		t.Fatal(err)
	}
	extra.Write([]byte("edited\n"))
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
