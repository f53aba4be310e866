// A Go service submitting jobs (github.com/mikespook/gearman-go).
package main

import (
	"log"

	"github.com/mikespook/gearman-go/client"
)

func main() {
	c, err := client.New(client.Network, "127.0.0.1:4730")
	if err != nil {
		log.Fatalln(err)
	}
	defer c.Close()
	c.ErrorHandler = func(e error) { log.Println(e) }

	printResult := func(resp *client.Response) {
		data, err := resp.Result()
		if err != nil {
			log.Println(err)
			return
		}
		log.Printf("%s", data)
	}

	// Foreground, normal priority.
	if _, err := c.Do("reverse", []byte("stressed"), client.JobNormal, printResult); err != nil {
		log.Fatalln(err)
	}

	// worker/main.go registers geocode_address, but no worker for it is running: a warning.
	if _, err := c.DoBg("geocode_address", []byte(`{"street": "1 Main St"}`), client.JobLow); err != nil {
		log.Fatalln(err)
	}

	// A typo: no worker registers "revers"; the quick fix offers "reverse".
	if _, err := c.Do("revers", []byte("drawer"), client.JobHigh, printResult); err != nil {
		log.Fatalln(err)
	}
}
