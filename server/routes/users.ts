import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { changesEndLogins, createUser, findUserByEmail, listUsers, updateUser } from '../auth/users.ts';
import { httpError } from '../http/error-map.ts';
import { requirePermission } from '../plugins/auth.ts';
import { ErrorCode } from '../../shared/errors.ts';
import { Permission } from '../../shared/roles.ts';
import { NewUserBody, UserChangesBody, UserSchema } from '../../shared/schemas/auth.ts';
import { Uuid } from '../../shared/schemas/common.ts';

const usersRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const adminOnly = requirePermission(Permission.manageUsers);

  app.get('/users', { preHandler: adminOnly, schema: { tags: ['users'], response: { 200: Type.Array(UserSchema) } } }, async () => listUsers(app.db));

  app.post('/users', { preHandler: adminOnly, schema: { tags: ['users'], body: NewUserBody, response: { 201: UserSchema } } }, async (request, reply) => {
    if (await findUserByEmail(app.db, request.body.email)) throw httpError(ErrorCode.conflict, `A user with e-mail ${request.body.email} already exists.`, 'email');
    return reply.status(201).send(await createUser(app.db, request.body));
  });

  app.patch(
    '/users/:id',
    { preHandler: adminOnly, schema: { tags: ['users'], params: Type.Object({ id: Uuid }), body: UserChangesBody, response: { 200: UserSchema } } },
    async (request) => {
      const user = await updateUser(app.db, request.params.id, request.body);
      if (!user) throw httpError(ErrorCode.notFound, `No user ${request.params.id}.`, 'id');
      await app.sync.userChanged(user.id, changesEndLogins(request.body));
      return user;
    },
  );
};

export default usersRoutes;
