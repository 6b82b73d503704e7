"""Domain core: pure Python rules, no Django. Facts in, decisions out; every rule cites its article."""
