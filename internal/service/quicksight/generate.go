package quicksight

import (
	"cmp"

	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/spec"
)

// Generator is what the project generator knows about QuickSight: no
// producer, reader, handler or command (the dataset is opened in the
// QuickSight console); the README's section on opening it
// (templates/quicksight/readme.md.tmpl).
func Generator() service.Generator {
	return service.Generator{
		ID: "quicksight", Func: "QuickSight",
		Settings: func(s *spec.Spec) []service.Setting {
			return []service.Setting{{Env: "QUICKSIGHT_DATASET", Field: "QuickSightDataSet", Default: s.QuickSight.DataSet, Doc: "the QuickSight dataset over the route's table"}}
		},
		Resource: func(s *spec.Spec) string { return cmp.Or(s.QuickSight.DataSet, s.QuickSight.DataSource) },
		Defaults: Defaults,
	}
}
