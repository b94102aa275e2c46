package service

import "context"

// Collect reads every page of a listing through an SDK paginator's
// HasMorePages and NextPage (more, next) and returns what each returns for
// each page, in order. On an error it returns what it collected so far with
// the error: a caller that needs the whole listing ignores the part.
func Collect[P, O, T any](ctx context.Context, more func() bool, next func(context.Context, ...func(*O)) (P, error), each func(P) []T) ([]T, error) {
	var out []T
	for more() {
		page, err := next(ctx)
		if err != nil {
			return out, err
		}
		out = append(out, each(page)...)
	}
	return out, nil
}
