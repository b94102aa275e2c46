package deploy

import (
	"context"
	"strings"
	"testing"
	"time"
)

// BenchmarkEmulatorDeploy reports, per route on the target in
// AWS_ENDPOINT_URL, the deploy wall time, the sum of API latencies on the
// dependency critical path (from the engine's own trace), their ratio (how
// close the engine gets to the best a concurrent deploy can do; 1.0 is
// ideal), the sum of all API latencies (what a sequential deploy would
// wait) and the destroy wall time.
//
//	AWS_ENDPOINT_URL=http://127.0.0.1:5000 WIREUP_TARGET=moto go test -run '^$' -bench Emulator ./internal/deploy/
func BenchmarkEmulatorDeploy(b *testing.B) {
	em := needEmulator(b)
	for _, route := range coreRoutes {
		b.Run(strings.Join(route, "+"), func(b *testing.B) {
			if c := em.table.Route(em.target, route); !c.Deploy {
				b.Skipf("%s cannot deploy this route: %s", em.target, c.DeployReason)
			}
			var wall, critical, total, destroy time.Duration
			for range b.N {
				tp := em.newProject(b, route)
				res, err := tp.engine.Apply(context.Background(), tp.plan)
				if err != nil {
					b.Fatal(err)
				}
				wall += res.Wall
				critical += res.CriticalPathAPI
				for _, d := range res.APITime {
					total += d
				}
				t0 := time.Now()
				if _, err := tp.engine.Destroy(context.Background(), tp.plan); err != nil {
					b.Fatal(err)
				}
				destroy += time.Since(t0)
			}
			n := float64(b.N)
			b.ReportMetric(float64(wall.Milliseconds())/n, "deploy-ms")
			b.ReportMetric(float64(critical.Microseconds())/1000/n, "critpath-api-ms")
			b.ReportMetric(float64(total.Microseconds())/1000/n, "sum-api-ms")
			b.ReportMetric(wall.Seconds()/critical.Seconds(), "wall/critpath")
			b.ReportMetric(float64(destroy.Milliseconds())/n, "destroy-ms")
		})
	}
}
