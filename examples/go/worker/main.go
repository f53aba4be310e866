// The Go worker process (github.com/mikespook/gearman-go).
package main

import (
	"log"

	"github.com/mikespook/gearman-go/worker"
)

func Reverse(job worker.Job) ([]byte, error) {
	data := job.Data()
	out := make([]byte, len(data))
	for i, b := range data {
		out[len(data)-1-i] = b
	}
	return out, nil
}

func Geocode(job worker.Job) ([]byte, error) {
	// ... look the address up ...
	return []byte(`{"lat": 52.52, "lon": 13.40}`), nil
}

func main() {
	w := worker.New(worker.Unlimited)
	defer w.Close()
	w.ErrorHandler = func(e error) { log.Println(e) }
	w.AddServer("tcp4", "127.0.0.1:4730")
	w.AddFunc("reverse", Reverse, worker.Unlimited)
	w.AddFunc("geocode_address", Geocode, worker.Unlimited)
	if err := w.Ready(); err != nil {
		log.Fatal(err)
	}
	w.Work()
}
