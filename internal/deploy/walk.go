package deploy

import (
	"context"
	"sync"
)

// walk is the one dependency-graph walker of apply (forward: a resource
// after what it depends on) and destroy (reverse: a resource after what
// depends on it). It calls visit for every id once each id after(id) names
// has been visited, at most limit at once. An id whose predecessor failed
// or was skipped is not visited: skip is called with the predecessors that
// failed. Once ctx is done no further id is visited; visit sees ctx and
// is expected to return promptly. walk returns when every id is settled.
func walk(ctx context.Context, ids []string, after func(id string) []string, limit int,
	visit func(ctx context.Context, id string) error, skip func(id string, blocked []string)) {
	done := make(map[string]chan struct{}, len(ids))
	for _, id := range ids {
		done[id] = make(chan struct{})
	}
	var mu sync.Mutex
	failed := map[string]bool{}
	fail := func(id string) {
		mu.Lock()
		failed[id] = true
		mu.Unlock()
	}
	sem := make(chan struct{}, max(limit, 1))
	var wg sync.WaitGroup
	for _, id := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer close(done[id])
			deps := after(id)
			for _, d := range deps {
				ch, ok := done[d]
				if !ok {
					continue // not part of this walk
				}
				select {
				case <-ch:
				case <-ctx.Done():
					fail(id)
					return
				}
			}
			mu.Lock()
			var blocked []string
			for _, d := range deps {
				if failed[d] {
					blocked = append(blocked, d)
				}
			}
			if len(blocked) > 0 {
				failed[id] = true
			}
			mu.Unlock()
			if len(blocked) > 0 {
				skip(id, blocked)
				return
			}
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				fail(id)
				return
			}
			if ctx.Err() != nil {
				<-sem
				fail(id)
				return
			}
			err := visit(ctx, id)
			<-sem
			if err != nil {
				fail(id)
			}
		}()
	}
	wg.Wait()
}
