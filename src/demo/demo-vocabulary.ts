/** Word lists the demo shop is made of (data kept apart from the logic that uses it). */

export const FIRST_NAMES = [
  'Emma',
  'Liam',
  'Olivia',
  'Noah',
  'Ava',
  'Elijah',
  'Sophia',
  'Lucas',
  'Mia',
  'Mateo',
  'Amelia',
  'Levi',
  'Harper',
  'Ezra',
  'Evelyn',
  'Leo',
  'Lena',
  'Jonas',
  'Marie',
  'Paul',
  'Camille',
  'Hugo',
  'Chloe',
  'Louis',
  'Sanne',
  'Daan',
  'Fleur',
  'Sem',
  'Grace',
  'Oliver',
  'Isla',
  'George',
  'Hannah',
  'Felix',
  'Clara',
  'Anton',
] as const;

export const LAST_NAMES = [
  'Smith',
  'Johnson',
  'Williams',
  'Brown',
  'Jones',
  'Garcia',
  'Miller',
  'Davis',
  'Martinez',
  'Lopez',
  'Wilson',
  'Anderson',
  'Taylor',
  'Thomas',
  'Moore',
  'Jackson',
  'Muller',
  'Schmidt',
  'Schneider',
  'Fischer',
  'Weber',
  'Meyer',
  'Martin',
  'Bernard',
  'Dubois',
  'Durand',
  'Leroy',
  'de Jong',
  'Jansen',
  'de Vries',
  'Bakker',
  'Visser',
  'Evans',
  'Walker',
  'Wright',
  'Hughes',
  'Roberts',
  'Wood',
  'Hall',
  'Green',
] as const;

export const EMAIL_DOMAINS = {
  'gmail.com': 40,
  'outlook.com': 18,
  'yahoo.com': 10,
  'icloud.com': 8,
  'gmx.de': 7,
  'orange.fr': 5,
  'proton.me': 4,
  'example.org': 8,
} as const;

/** Countries with their share of customers, phone prefix, postal code shape and cities (with weights). */
export const COUNTRIES = {
  US: {
    weight: 45,
    phone: '+1',
    postal: '#####',
    cities: {
      'New York': 30,
      'Los Angeles': 20,
      Chicago: 15,
      Houston: 12,
      Seattle: 10,
      Denver: 8,
      Boston: 5,
    },
  },
  DE: {
    weight: 20,
    phone: '+49',
    postal: '#####',
    cities: { Berlin: 35, Hamburg: 20, Munich: 20, Cologne: 15, Leipzig: 10 },
  },
  FR: {
    weight: 15,
    phone: '+33',
    postal: '#####',
    cities: { Paris: 45, Lyon: 20, Marseille: 20, Lille: 15 },
  },
  GB: {
    weight: 12,
    phone: '+44',
    postal: 'AA# #AA',
    cities: { London: 55, Manchester: 20, Leeds: 15, Bristol: 10 },
  },
  NL: {
    weight: 8,
    phone: '+31',
    postal: '#### AA',
    cities: { Amsterdam: 45, Rotterdam: 25, Utrecht: 20, Eindhoven: 10 },
  },
} as const;

export type CountryCode = keyof typeof COUNTRIES;

export const STREET_NAMES = [
  'Main',
  'Oak',
  'Maple',
  'Cedar',
  'Elm',
  'Park',
  'Lake',
  'Hill',
  'Church',
  'Mill',
  'River',
  'Station',
  'High',
  'King',
  'Queen',
  'Garden',
  'Bridge',
  'Market',
  'Spring',
  'Forest',
] as const;
export const STREET_KINDS = ['Street', 'Avenue', 'Road', 'Lane', 'Way', 'Drive'] as const;

export const PRODUCT_CATEGORIES = {
  apparel: 30,
  shoes: 15,
  home: 20,
  electronics: 12,
  beauty: 10,
  toys: 8,
  books: 5,
} as const;
export type ProductCategory = keyof typeof PRODUCT_CATEGORIES;

export const PRODUCT_ADJECTIVES = [
  'Classic',
  'Modern',
  'Cozy',
  'Sleek',
  'Vintage',
  'Organic',
  'Smart',
  'Compact',
  'Deluxe',
  'Everyday',
] as const;
export const PRODUCT_NOUNS: Readonly<Record<ProductCategory, readonly string[]>> = {
  apparel: ['T-Shirt', 'Hoodie', 'Jacket', 'Sweater', 'Dress', 'Jeans'],
  shoes: ['Sneaker', 'Boot', 'Sandal', 'Loafer'],
  home: ['Lamp', 'Mug', 'Blanket', 'Vase', 'Cushion', 'Planter'],
  electronics: ['Headphones', 'Speaker', 'Charger', 'Keyboard', 'Mouse'],
  beauty: ['Serum', 'Lotion', 'Lip Balm', 'Shampoo'],
  toys: ['Puzzle', 'Robot', 'Plush Bear', 'Kite'],
  books: ['Cookbook', 'Novel', 'Atlas'],
};
/** Log-normal price parameters per category (mu, sigma of ln price). */
export const PRICE_SHAPE: Readonly<Record<ProductCategory, readonly [number, number]>> = {
  apparel: [3.4, 0.5],
  shoes: [4.2, 0.4],
  home: [3.0, 0.6],
  electronics: [4.4, 0.7],
  beauty: [2.8, 0.4],
  toys: [3.0, 0.5],
  books: [2.9, 0.3],
};
export const COLORS = { black: 30, white: 20, navy: 12, grey: 12, red: 8, green: 8, beige: 10 } as const;
export const SIZES = { XS: 5, S: 20, M: 35, L: 25, XL: 15 } as const;
export const TAGS = ['new', 'sale', 'eco', 'bestseller', 'limited', 'gift', 'bundle'] as const;

export const ORDER_STATUSES = { pending: 5, paid: 12, shipped: 70, cancelled: 8, refunded: 5 } as const;
export const PAYMENT_METHODS = { card: 62, paypal: 22, bank_transfer: 10, gift_card: 6 } as const;
export const LOYALTY_TIERS = { bronze: 70, silver: 22, gold: 8 } as const;
/** Order volume by weekday (Monday first) and by hour of day: evenings and weekends are busier. */
export const WEEKDAY_WEIGHTS = [12, 12, 13, 13, 15, 18, 17] as const;
export const HOUR_WEIGHTS = [
  1, 0.6, 0.4, 0.3, 0.3, 0.5, 1.2, 2.5, 3.5, 4, 4.5, 5, 5.5, 5, 4.5, 4.5, 5, 5.5, 6.5, 7.5, 8, 7, 4.5, 2.2,
] as const;
