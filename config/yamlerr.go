package config

import (
	"errors"
	"fmt"

	goyaml "github.com/goccy/go-yaml"
)

// syntaxError returns where data's YAML goes wrong, as "line L, column C:
// problem", or nil when a second parser finds nothing wrong. The YAML
// library viper uses often names the line where the enclosing block
// starts rather than the mistake; this one points at the mistake. The
// source lines around it are not shown: they may hold a secret.
func syntaxError(data []byte) error {
	var v any
	err := goyaml.Unmarshal(data, &v)
	if err == nil {
		return nil
	}
	var ye goyaml.Error
	if errors.As(err, &ye) && ye.GetToken() != nil {
		p := ye.GetToken().Position
		return fmt.Errorf("line %d, column %d: %s", p.Line, p.Column, ye.GetMessage())
	}
	return nil
}
