package emulator

import (
	"net"
	"testing"
)

// The listener hands out at most n connections at once: with n open, the
// slots are all taken, so Accept waits; closing one (twice does not
// count twice) lets the next in.
func TestLimitListenerHoldsConnectionsBeyondTheLimit(t *testing.T) {
	t.Parallel()
	inner, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ln := limitListener(inner, 2).(*limitedListener)
	defer ln.Close()
	var clients []net.Conn
	for range 3 {
		c, err := net.Dial("tcp", inner.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		clients = append(clients, c)
	}
	first, err := ln.Accept()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ln.Accept(); err != nil {
		t.Fatal(err)
	}
	if len(ln.slots) != cap(ln.slots) {
		t.Fatalf("%d of %d slots taken with 2 connections open", len(ln.slots), cap(ln.slots))
	}
	third := make(chan net.Conn)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			t.Error(err)
		}
		third <- c
	}()
	first.Close()
	first.Close()
	if c := <-third; c != nil {
		c.Close()
	}
	if len(ln.slots) != 1 {
		t.Errorf("%d slots taken with 1 connection open", len(ln.slots))
	}
}
