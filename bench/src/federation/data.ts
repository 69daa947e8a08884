/**
 * Fixed, deterministic data for workload A: the four subgraphs of the public federation
 * benchmark's shape (accounts, inventory, products, reviews). Sized so the benchmark query
 * answers about 28 KB, with many repeated entities: 45 review authors among 10 users, and
 * 270 product references among 9 products.
 */
export interface User { id: string; name: string; username: string; birthday: number }
export interface Product { upc: string; name: string; price: number; weight: number }
export interface Review { id: string; body: string; productUpc: string; authorId: string }

const GIVEN = ['Wei', 'Fang', 'Min', 'Jing', 'Lei', 'Yan', 'Jun', 'Hui', 'Tao', 'Ling'];
const FAMILY = ['Zhang', 'Wang', 'Li', 'Zhao', 'Chen', 'Liu', 'Yang', 'Huang', 'Zhou', 'Wu'];

export const USERS: User[] = GIVEN.map((given, i) => ({
  id: String(i + 1),
  name: `${FAMILY[i]} ${given}`,
  username: `${given.toLowerCase()}.${FAMILY[i]!.toLowerCase()}`,
  birthday: 631152000 + i * 86_400 * 97,
}));

const PRODUCT_NAMES = ['Tea set', 'Silk scarf', 'Rice cooker', 'Bamboo steamer', 'Porcelain vase', 'Jade bracelet', 'Paper lantern', 'Calligraphy brush', 'Wok'];
export const PRODUCTS: Product[] = PRODUCT_NAMES.map((name, i) => ({
  upc: String(i + 1),
  name,
  price: [899, 1299, 459, 129, 2399, 15999, 59, 249, 699][i]!,
  weight: [1200, 150, 3400, 800, 2100, 60, 300, 40, 1900][i]!,
}));

export const IN_STOCK: Record<string, boolean> = Object.fromEntries(PRODUCTS.map((product, i) => [product.upc, i % 3 !== 1]));

const WORDS = 'arrived quickly well packed exactly as described would order again the colour is lovely sturdy and light customs clearance took two days seller answered every question good value for the price'.split(' ');

function body(seed: number): string {
  const words: string[] = [];
  for (let i = 0; words.join(' ').length < 18 + (seed % 5) * 6; i++) words.push(WORDS[(seed * 7 + i * 3) % WORDS.length]!);
  const text = words.join(' ');
  return text[0]!.toUpperCase() + text.slice(1) + '.';
}

/**
 * 60 reviews: the first 45 spread over the five top products (nine each), the last 15 over
 * the other four; authors cycle through the ten users, so each user wrote six.
 */
export const REVIEWS: Review[] = Array.from({ length: 60 }, (_, k) => ({
  id: String(k + 1),
  body: body(k),
  productUpc: String(k < 45 ? (k % 5) + 1 : 6 + ((k - 45) % 4)),
  authorId: String((k % 10) + 1),
}));

/** Shipping estimate as inventory computes it from the price and weight it @requires. */
export function shippingEstimate(price: number, weight: number): number {
  return price > 1000 ? 0 : Math.round(weight / 2);
}
