package inspector

import "math/big"

func bigOne() *big.Int { return big.NewInt(1) }
