/**
 * Generated internal members for scale runs: deterministic (the n-th user of a tenant is always the same
 * person) and realistic (names, department and matching job title, company, office, city, country,
 * employee id, phone, mail). Values come from shared pools so 100,000 users stay compact.
 */
import { deterministicId } from './guid.js';
import type { UserValues } from './user-record.js';

const givenNames = (
  'Adele Alex Allan Amara Ben Bianca Carlos Chen Christie Dana Diego Elena Emily Enrico ' +
  'Fatima Grady Hana Henrietta Irvin Isaiah Jakob Johanna Joni Kenji Lee Lidia Lynne Maja ' +
  'Megan Miriam Nestor Noah Olga Patti Pradeep Quentin Raul Sakura Sven Tariq Ulla Valentina ' +
  'Wei Xavier Yara Zoe'
).split(' ');
const surnames = (
  'Anderson Bauer Bowen Chen Cruz Dubois Fernandes Garcia Gonzalez Hansen Holt Ibrahim Jensen ' +
  'Johnson Kim Kowalski Larsen Lopez Martin Mendes Miller Moreau Nakamura Nguyen Novak Okafor ' +
  'Olsen Patel Pham Rossi Sanders Schmidt Sherman Singh Smith Tanaka Vance Wagner Weber ' +
  'Wilber Wright Yamamoto Zhang'
).split(' ');
const departments: readonly { name: string; titles: readonly string[] }[] = [
  { name: 'Engineering', titles: ['Software Engineer', 'Senior Software Engineer', 'Engineering Manager'] },
  { name: 'Sales', titles: ['Account Executive', 'Sales Manager', 'Sales Development Representative'] },
  { name: 'Marketing', titles: ['Marketing Specialist', 'Product Marketing Manager', 'Content Strategist'] },
  { name: 'Finance', titles: ['Financial Analyst', 'Controller', 'Accountant'] },
  { name: 'Human Resources', titles: ['HR Generalist', 'Recruiter', 'HR Business Partner'] },
  { name: 'Operations', titles: ['Operations Analyst', 'Logistics Coordinator', 'Operations Manager'] },
  { name: 'Legal', titles: ['Legal Counsel', 'Paralegal', 'Compliance Officer'] },
  { name: 'Support', titles: ['Support Engineer', 'Customer Success Manager', 'Support Team Lead'] },
];
const offices: readonly {
  office: string;
  city: string;
  country: string;
  usageLocation: string;
  phone: string;
}[] = [
  {
    office: 'Redmond B1',
    city: 'Redmond',
    country: 'United States',
    usageLocation: 'US',
    phone: '+1 425 555',
  },
  {
    office: 'New York 5th Ave',
    city: 'New York',
    country: 'United States',
    usageLocation: 'US',
    phone: '+1 212 555',
  },
  {
    office: 'London Paddington',
    city: 'London',
    country: 'United Kingdom',
    usageLocation: 'GB',
    phone: '+44 20 7946',
  },
  {
    office: 'Munich Parkstadt',
    city: 'Munich',
    country: 'Germany',
    usageLocation: 'DE',
    phone: '+49 89 3176',
  },
  { office: 'Paris Issy', city: 'Paris', country: 'France', usageLocation: 'FR', phone: '+33 1 5755' },
  { office: 'Tokyo Shinagawa', city: 'Tokyo', country: 'Japan', usageLocation: 'JP', phone: '+81 3 4332' },
  {
    office: 'Sydney North Ryde',
    city: 'Sydney',
    country: 'Australia',
    usageLocation: 'AU',
    phone: '+61 2 8281',
  },
];

/** The tenant a synthetic user belongs to. */
export interface SyntheticUserTenant {
  readonly tenantId: string;
  /** Domain of UPN and mail (a verified domain, else the default domain). */
  readonly domain: string;
  readonly companyName: string;
}

function pick<T>(items: readonly T[], index: number): T {
  return items[index % items.length] as T;
}

/** The values of the `index`-th synthetic user of a tenant (ids are derived from tenant id and index). */
export function syntheticUserValues(
  tenant: SyntheticUserTenant,
  index: number,
  createdDateTime: string,
): UserValues & { id: string } {
  const given = pick(givenNames, index);
  // A different stride for surnames and the rest so combinations vary instead of moving in lockstep.
  const surname = pick(surnames, Math.floor(index / givenNames.length) + index * 7);
  const department = pick(departments, index * 3 + 1);
  const office = pick(offices, index * 5 + 2);
  const nickname = `${given}.${surname}.${index + 1}`.toLowerCase();
  const address = `${nickname}@${tenant.domain}`;
  return {
    id: deterministicId(`${tenant.tenantId}:${index}`),
    userPrincipalName: address,
    displayName: `${given} ${surname}`,
    givenName: given,
    surname,
    mail: address,
    mailNickname: nickname,
    userType: 'Member',
    accountEnabled: true,
    jobTitle: pick(department.titles, index),
    department: department.name,
    companyName: tenant.companyName,
    officeLocation: office.office,
    city: office.city,
    country: office.country,
    usageLocation: office.usageLocation,
    employeeId: `E${String(index + 1).padStart(7, '0')}`,
    businessPhones: [`${office.phone} ${String(index % 10_000).padStart(4, '0')}`],
    createdDateTime,
  };
}
