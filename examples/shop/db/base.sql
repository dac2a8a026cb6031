-- The shop's schema as deployed today: the state the new migrations apply to.
CREATE TABLE customers (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE orders (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  customer_id bigint NOT NULL REFERENCES customers (id) ON DELETE RESTRICT,
  status text NOT NULL DEFAULT 'pending',
  total_cents bigint NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Some rows, so rewrites and index builds have something to do.
INSERT INTO customers (email)
SELECT 'customer' || g || '@example.com' FROM generate_series(1, 2000) AS g;

INSERT INTO orders (customer_id, status, total_cents)
SELECT 1 + (g % 2000), CASE WHEN g % 10 = 0 THEN 'shipped' ELSE 'pending' END, g * 7
FROM generate_series(1, 20000) AS g;
