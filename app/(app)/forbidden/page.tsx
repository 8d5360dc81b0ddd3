import { forbidden } from 'next/navigation';

/** Where the server's gate sends a page request the role may not see: always a 403. */
export default function ForbiddenPage() {
  forbidden();
}
